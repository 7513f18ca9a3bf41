package org.langevin.inverse;

import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.SingularValueDecomposition;
import org.langevin.core.LinearOperator;
import org.langevin.core.Marginal;
import org.langevin.core.Measurement;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Denoising diffusion restoration models (Kawar et al. 2022, DDRM): with the SVD A = U S Vᵀ, each reverse step works on
 * the spectral coordinates z̄ = Vᵀ x/m of the variance-exploding view x/m = x0 + σ̃ ε (σ̃ = σ/m), where the measurement
 * is ȳ_i = (Uᵀ y)_i / s_i with noise σ_i = σ_y / s_i. From x̂0's coordinates x̄_i and fresh noise ε_i, the step to σ̃':
 * unobserved (s_i = 0): x̄_i + √(1 − η²) σ̃' (z̄_i − x̄_i)/σ̃ + η σ̃' ε_i; observed with σ̃' &lt; σ_i:
 * x̄_i + √(1 − η²) σ̃' (ȳ_i − x̄_i)/σ_i + η σ̃' ε_i; observed with σ̃' ≥ σ_i: (1 − η_b) x̄_i + η_b ȳ_i + √(σ̃'² − η_b² σ_i²) ε_i.
 * It starts from N(ȳ_i, σ̃_T² − σ_i²) on observed coordinates (N(0, σ̃_T²) elsewhere), and its last step lands on x0
 * (σ̃' = 0), so that without measurement noise A x = y exactly. One NFE per step.
 */
final class DdrmSampler extends GridPosteriorSampler {
    /** Operators beyond this many coordinates are refused: a dense SVD of them would not fit the memory or the time. */
    static final int LARGEST = 4096;

    private final double eta;
    private final double etaB;

    DdrmSampler(Sde sde, double[] grid, boolean denoise, double eta, double etaB) {
        super(sde, grid, denoise);
        this.eta = eta;
        this.etaB = etaB;
    }

    /** The SVD of A: V (n × n) and the singular values of its rows, refused where DDRM cannot use it. */
    record Spectrum(INDArray u, INDArray v, double[] singular) {
        static Spectrum of(LinearOperator a) {
            if (a.inputDim() > LARGEST) {
                throw new IllegalArgumentException("ddrm needs the SVD of A, and a dense SVD of " + a.inputDim() + " coordinates is beyond "
                        + LARGEST + ": use pigdm, dps or smc");
            }
            double[][] m = a.matrix();
            SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(m));
            double[] s = svd.getSingularValues();
            double top = s.length == 0 ? 0 : s[0];
            if (s.length < m.length || s[m.length - 1] <= 1e-10 * top) {
                throw new IllegalArgumentException("ddrm divides y's spectral coordinates by A's singular values, and A's " + m.length
                        + " rows are not independent (its SVD has a zero singular value where y has a coordinate): drop the dependent rows");
            }
            // V as n × n: Hipparchus's compact SVD gives n × r; complete it with the null space from the full decomposition of AᵀA
            double[][] full = new org.hipparchus.linear.EigenDecompositionSymmetric(
                    MatrixUtils.createRealMatrix(m).transposeMultiply(MatrixUtils.createRealMatrix(m))).getV().getData();
            INDArray v = Nd4j.createFromArray(full);
            INDArray compact = Nd4j.createFromArray(svd.getV().getData());
            v.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, m.length)).assign(compact);
            return new Spectrum(Nd4j.createFromArray(svd.getU().getData()), orthonormalise(v, m.length), s);
        }

        /** Gram–Schmidt of the columns after the first {@code fixed} against all before them (the null-space completion). */
        private static INDArray orthonormalise(INDArray v, int fixed) {
            for (int j = fixed; j < v.columns(); j++) {
                INDArray col = v.getColumn(j).dup();
                for (int k = 0; k < j; k++) {
                    INDArray other = v.getColumn(k);
                    col.subi(other.mul(other.mul(col).sumNumber().doubleValue()));
                }
                v.putColumn(j, col.divi(col.norm2Number().doubleValue()));
            }
            return v;
        }
    }

    @Override
    public void check(LinearOperator operator) {
        Spectrum.of(operator);
    }

    @Override
    protected INDArray run(ScoreModel score, Measurement measurement, INDArray y, int n, RandomStreams streams) {
        Spectrum sp = Spectrum.of(measurement.operator());
        int dim = measurement.operator().inputDim();
        int observed = sp.singular().length;
        double[] noiseOf = new double[dim]; // σ_i; NaN where unobserved
        java.util.Arrays.fill(noiseOf, Double.NaN);
        for (int i = 0; i < observed; i++) noiseOf[i] = measurement.noise() / sp.singular()[i];
        INDArray yBar = y.castTo(DataType.DOUBLE).mmul(sp.u()).diviRowVector(Nd4j.createFromArray(sp.singular()));
        RandomStream noise = streams.get("sample/noise");
        Marginal first = sde.marginal(grid[0]);
        double start = first.std() / first.meanCoef();
        INDArray zBar = noise.normal(DataType.DOUBLE, n, dim);
        for (int i = 0; i < dim; i++) {
            boolean seen = i < observed && start > noiseOf[i];
            INDArray column = column(zBar, i);
            if (seen) column.muli(Math.sqrt(start * start - noiseOf[i] * noiseOf[i])).addi(column(yBar, i));
            else column.muli(start);
        }
        INDArray x = zBar.mmul(sp.v().transpose()).muli(first.meanCoef());
        for (int k = 0; k + 1 < grid.length; k++) {
            try (var ws = Workspaces.loop("ddrm")) {
                Marginal now = sde.marginal(grid[k]);
                boolean last = k + 2 == grid.length; // the last step lands on x0 itself (σ̃' = 0), as DDRM's sequence ends
                Marginal next = sde.marginal(grid[k + 1]);
                double s = now.std() / now.meanCoef();
                double sNext = last ? 0 : next.std() / next.meanCoef();
                double scale = last ? 1 : next.meanCoef();
                INDArray x0Bar = Denoised.at(score, sde, x, grid[k]).x0().mmul(sp.v());
                INDArray z = x.div(now.meanCoef()).mmul(sp.v());
                INDArray fresh = noise.normal(DataType.DOUBLE, n, dim);
                INDArray out = Nd4j.create(DataType.DOUBLE, n, dim);
                for (int i = 0; i < dim; i++) out.putColumn(i, coordinate(i, x0Bar, z, yBar, fresh, s, sNext, noiseOf[i]));
                x.assign(out.mmul(sp.v().transpose()).muli(scale));
            }
        }
        return x;
    }

    /** Column i of a matrix as a vector view (whatever the matrix's width). */
    private static INDArray column(INDArray a, int i) {
        return a.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(i));
    }

    /** One spectral coordinate's step (the three cases of the class comment). */
    private INDArray coordinate(int i, INDArray x0Bar, INDArray z, INDArray yBar, INDArray fresh, double s, double sNext, double sigmaI) {
        INDArray x0 = column(x0Bar, i);
        INDArray e = column(fresh, i);
        double keep = Math.sqrt(1 - eta * eta) * sNext;
        if (Double.isNaN(sigmaI)) return x0.add(column(z, i).sub(x0).muli(keep / s)).addi(e.mul(eta * sNext));
        INDArray yi = column(yBar, i);
        if (sNext < sigmaI) return x0.add(yi.sub(x0).muli(keep / sigmaI)).addi(e.mul(eta * sNext));
        return x0.mul(1 - etaB).addi(yi.mul(etaB)).addi(e.mul(Math.sqrt(Math.max(0, sNext * sNext - etaB * etaB * sigmaI * sigmaI))));
    }
}
