package org.langevin.inverse;

import java.util.Arrays;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.SingularValueDecomposition;
import org.langevin.core.Descriptor.Need;
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
import org.nd4j.linalg.indexing.NDArrayIndex;

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

    /** The SVD of A: U (m × m), V (n × n, the null space completing it) and A's m singular values, refused where DDRM cannot use it. */
    record Spectrum(INDArray u, INDArray v, double[] singular) {
        static Spectrum of(LinearOperator a) {
            int n = a.inputDim();
            int m = a.outputDim();
            if (n > LARGEST) {
                throw new IllegalArgumentException("ddrm needs the SVD of A, and a dense SVD of " + n + " coordinates is beyond " + LARGEST
                        + ": use one of " + InverseModule.methods().notNeeding(Need.MIXTURE_PRIOR).stream().filter(name
                                -> !name.equals("ddrm")).toList());
            }
            // A padded with zero rows to n × n: one full SVD gives the whole of V, and U's top-left m × m block is A's U
            double[][] padded = new double[Math.max(m, n)][];
            double[][] rows = a.matrix();
            for (int i = 0; i < padded.length; i++) padded[i] = i < m ? rows[i] : new double[n];
            SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(padded));
            double[] s = svd.getSingularValues();
            if (m > n || s[m - 1] <= 1e-10 * s[0]) {
                throw new IllegalArgumentException("ddrm divides y's spectral coordinates by A's singular values, and A's " + m
                        + " rows are not independent (its SVD has a zero singular value where y has a coordinate): drop the dependent rows");
            }
            return new Spectrum(Nd4j.createFromArray(svd.getU().getSubMatrix(0, m - 1, 0, m - 1).getData()),
                    Nd4j.createFromArray(svd.getV().getData()), Arrays.copyOf(s, m));
        }
    }

    private LinearOperator checked; // the operator of the last spectrum: check and run then share one SVD
    private Spectrum spectrum;

    private synchronized Spectrum spectrum(LinearOperator operator) {
        if (operator != checked) {
            spectrum = Spectrum.of(operator);
            checked = operator;
        }
        return spectrum;
    }

    @Override
    public void check(LinearOperator operator) {
        spectrum(operator);
    }

    @Override
    protected INDArray run(ScoreModel score, Measurement measurement, INDArray y, int n, RandomStreams streams) {
        Spectrum sp = spectrum(measurement.operator());
        int dim = measurement.operator().inputDim();
        int observed = sp.singular().length;
        double[] noiseOf = new double[dim]; // σ_i; NaN where unobserved
        Arrays.fill(noiseOf, Double.NaN);
        for (int i = 0; i < observed; i++) noiseOf[i] = measurement.noise() / sp.singular()[i];
        // ȳ on every spectral coordinate (0 where unobserved)
        INDArray yBar = Nd4j.zeros(DataType.DOUBLE, n, dim);
        yBar.get(NDArrayIndex.all(), NDArrayIndex.interval(0, observed))
                .assign(y.castTo(DataType.DOUBLE).mmul(sp.u()).diviRowVector(Nd4j.createFromArray(sp.singular())));
        RandomStream noise = streams.get("sample/noise");
        Marginal first = sde.marginal(grid[0]);
        double start = first.std() / first.meanCoef();
        double[] spread = new double[dim];
        double[] pull = new double[dim];
        for (int i = 0; i < dim; i++) {
            boolean seen = start > noiseOf[i]; // false where unobserved (NaN)
            spread[i] = seen ? Math.sqrt(start * start - noiseOf[i] * noiseOf[i]) : start;
            pull[i] = seen ? 1 : 0;
        }
        INDArray zBar = noise.normal(DataType.DOUBLE, n, dim).muliRowVector(row(spread)).addi(yBar.mulRowVector(row(pull)));
        INDArray x = zBar.mmul(sp.v().transpose()).muli(first.meanCoef());
        for (int k = 0; k + 1 < grid.length; k++) {
            try (var ws = Workspaces.loop("ddrm")) {
                Marginal now = sde.marginal(grid[k]);
                boolean last = k + 2 == grid.length; // the last step lands on x0 itself (σ̃' = 0), as DDRM's sequence ends
                Marginal next = sde.marginal(grid[k + 1]);
                double s = now.std() / now.meanCoef();
                double sNext = last ? 0 : next.std() / next.meanCoef();
                Step c = step(noiseOf, s, sNext);
                INDArray x0Bar = Denoised.at(score, sde, x, grid[k]).x0().mmul(sp.v());
                INDArray z = x.div(now.meanCoef()).mmul(sp.v());
                INDArray out = x0Bar.muliRowVector(row(c.x0())).addi(z.muliRowVector(row(c.z()))).addi(yBar.mulRowVector(row(c.y())))
                        .addi(noise.normal(DataType.DOUBLE, n, dim).muliRowVector(row(c.fresh())));
                x.assign(out.mmul(sp.v().transpose()).muli(last ? 1 : next.meanCoef()));
            }
        }
        return x;
    }

    /** One step's coefficients per spectral coordinate: z̄' = x0 x̄ + z z̄ + y ȳ + fresh ε. */
    private record Step(double[] x0, double[] z, double[] y, double[] fresh) {}

    /** The three cases of the class comment, as coefficients for every coordinate of a step from σ̃ = s to σ̃' = sNext. */
    private Step step(double[] noiseOf, double s, double sNext) {
        int dim = noiseOf.length;
        Step c = new Step(new double[dim], new double[dim], new double[dim], new double[dim]);
        double keep = Math.sqrt(1 - eta * eta) * sNext;
        for (int i = 0; i < dim; i++) {
            double sigma = noiseOf[i];
            if (Double.isNaN(sigma)) { // unobserved: DDIM toward x̂0 with a share η of fresh noise
                c.z()[i] = keep / s;
                c.x0()[i] = 1 - c.z()[i];
                c.fresh()[i] = eta * sNext;
            } else if (sNext < sigma) { // observed, already less noisy than the measurement: DDIM toward ȳ
                c.y()[i] = keep / sigma;
                c.x0()[i] = 1 - c.y()[i];
                c.fresh()[i] = eta * sNext;
            } else { // observed, still noisier than the measurement: pulled to ȳ by η_b
                c.x0()[i] = 1 - etaB;
                c.y()[i] = etaB;
                c.fresh()[i] = Math.sqrt(Math.max(0, sNext * sNext - etaB * etaB * sigma * sigma));
            }
        }
        return c;
    }

    private static INDArray row(double[] values) {
        return Nd4j.createFromArray(values);
    }
}
