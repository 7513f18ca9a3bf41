package org.langevin.losses;

import java.util.Arrays;
import java.util.Optional;
import org.langevin.core.Arrays2;
import org.langevin.core.Loss;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainableScore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kernel Stein discrepancy (Liu, Lee & Jordan 2016; Chwialkowski, Strathmann & Gretton 2016) between perturbed data
 * and the model score, per noise level: the U-statistic KSD² = 1/(m(m-1)) Σ_{i≠j} u(x_i, x_j) with the Stein kernel
 * u(x, y) = s(x)ᵀ s(y) k + s(x)ᵀ ∇_y k + s(y)ᵀ ∇_x k + tr ∇_x∇_y k, which vanishes in expectation iff s = ∇log p_t.
 * The batch is split into groups, each sharing one noise level.
 */
public final class KernelSteinDiscrepancy implements Loss {
    /** A radial kernel k = ψ(d), d = ‖x - y‖², with ψ' and ψ'' in d. */
    public enum Kernel {
        /** inverse multiquadric ψ = (1 + d/h²)^(-1/2) (Gorham & Mackey 2017) */
        IMQ,
        /** Gaussian ψ = exp(-d / (2h²)) */
        RBF;

        /** {ψ, ψ', ψ''} at d for bandwidth h. */
        double[] at(double d, double h) {
            double h2 = h * h;
            if (this == RBF) {
                double psi = Math.exp(-d / (2 * h2));
                return new double[] {psi, -psi / (2 * h2), psi / (4 * h2 * h2)};
            }
            double base = 1 + d / h2;
            double psi = 1 / Math.sqrt(base);
            return new double[] {psi, -0.5 / h2 * psi / base, 0.75 / (h2 * h2) * psi / (base * base)};
        }
    }

    /** How the kernel bandwidth h is chosen for each group (one noise level t). */
    public sealed interface Bandwidth {
        /** A fixed h in the data's units. */
        record Fixed(double h) implements Bandwidth {}

        /** The median pairwise distance within the group (Gretton et al. 2012): about the data's whole extent. */
        record Median() implements Bandwidth {}

        /**
         * The median over the group's points of the distance to their k-th nearest neighbour: every point keeps about k
         * partners within h, whatever the data's units, dimension and noise level (local in 2-D, where the ring's h is
         * about its tuned 0.15; near the typical distance in high dimension, where distances concentrate).
         */
        record Neighbours(int k) implements Bandwidth {}
    }

    private final NoiseLevels levels;
    private final Kernel kernel;
    private final Bandwidth bandwidth;
    private final int groups;

    public KernelSteinDiscrepancy(NoiseLevels levels, Kernel kernel, Bandwidth bandwidth, int groups) {
        if (groups < 1) throw new IllegalArgumentException("at least one group");
        this.levels = levels;
        this.kernel = kernel;
        this.bandwidth = bandwidth;
        this.groups = groups;
    }

    /** Its U-statistic needs two points per noise level. */
    @Override
    public Optional<String> batchProblem(int batchSize) {
        return batchSize / groups >= 2 ? Optional.empty() : Optional.of("each of the " + groups
                + " loss.groups needs at least 2 of the train.batch_size " + batchSize + " points");
    }

    @Override
    public Value evaluate(TrainableScore model, INDArray x0, RandomStreams streams) {
        int n = (int) x0.rows();
        if (n / groups < 2) throw new IllegalArgumentException("KSD needs at least 2 points per group: batch " + n + ", groups " + groups);
        NoiseLevels.Perturbed p = levels.perturb(x0, streams, model.dataType(), groups);
        TrainableScore.TrainingPass pass = model.forward(p.xt(), p.t());
        double[][] x = Arrays2.toMatrix(p.xt());
        double[][] s = Arrays2.toMatrix(pass.score());
        double[] w = p.weight().castTo(DataType.DOUBLE).toDoubleVector();
        double[][] grad = new double[n][x[0].length];
        double loss = 0;
        int block = n / groups;
        for (int g = 0; g < groups; g++) {
            int from = g * block;
            int to = g + 1 == groups ? n : from + block;
            loss += w[from] / groups * steinStatistic(x, s, from, to, bandwidth(x, from, to), w[from] / groups, grad);
        }
        INDArray gradient = Nd4j.createFromArray(grad).castTo(model.dataType());
        return new Value(loss, pass.backward(gradient));
    }

    /**
     * The U-statistic over rows [from, to), adding scale · ∂KSD²/∂s_i to grad, where
     * ∂/∂s_i = 2/(m(m-1)) Σ_{j≠i} (k_ij s_j + 2ψ'_ij (x_j - x_i)).
     */
    double steinStatistic(double[][] x, double[][] s, int from, int to, double h, double scale, double[][] grad) {
        int m = to - from;
        double norm = 1.0 / ((double) m * (m - 1));
        return steinSum(kernel, h, x, s, from, to, false, scale * norm, grad) * norm;
    }

    /** The bandwidth for rows [from, to), which share one noise level. */
    private double bandwidth(double[][] x, int from, int to) {
        if (bandwidth instanceof Bandwidth.Fixed f) return f.h();
        if (bandwidth instanceof Bandwidth.Neighbours k) return neighbourDistance(x, from, to, k.k());
        return Arrays2.medianPairwiseDistance(x, from, to);
    }

    /** The median over rows [from, to) of each row's distance to its k-th nearest other row. */
    static double neighbourDistance(double[][] x, int from, int to, int k) {
        int m = to - from;
        int rank = Math.min(k, m - 1);
        double[] kth = new double[m];
        double[] d = new double[m - 1];
        for (int i = from; i < to; i++) {
            int n = 0;
            for (int j = from; j < to; j++) {
                if (j == i) continue;
                double s = 0;
                for (int c = 0; c < x[i].length; c++) s += (x[i][c] - x[j][c]) * (x[i][c] - x[j][c]);
                d[n++] = s;
            }
            Arrays.sort(d);
            kth[i - from] = Math.sqrt(d[rank - 1]);
        }
        Arrays.sort(kth);
        return m % 2 == 1 ? kth[m / 2] : 0.5 * (kth[m / 2 - 1] + kth[m / 2]);
    }

    /**
     * The V-statistic KSD² = 1/n² Σ_{i,j} u(x_i, x_j) over all ordered pairs, diagonal included: for samples of p with
     * its own score its mean is E_p[u(x, x)]/n = (E|s|² − 2Dψ'(0))/n, so it falls as 1/n (Liu, Lee & Jordan 2016).
     */
    public static double vStatistic(Kernel kernel, double h, double[][] x, double[][] s) {
        int n = x.length;
        return steinSum(kernel, h, x, s, 0, n, true, 0, null) / ((double) n * n);
    }

    /** Σ u(x_i, x_j) over ordered pairs of rows [from, to) (with i = j if diagonal), adding gradScale · ∂/∂s_i to grad unless null. */
    private static double steinSum(Kernel kernel, double h, double[][] x, double[][] s, int from, int to, boolean diagonal,
                                   double gradScale, double[][] grad) {
        int dim = x[0].length;
        double total = 0;
        for (int i = from; i < to; i++) {
            for (int j = from; j < to; j++) {
                if (i == j && !diagonal) continue;
                double d = 0;
                double ss = 0;
                double sdx = 0; // s_i · (x_j - x_i)
                for (int k = 0; k < dim; k++) {
                    double diff = x[j][k] - x[i][k];
                    d += diff * diff;
                    ss += s[i][k] * s[j][k];
                    sdx += s[i][k] * diff;
                }
                double[] psi = kernel.at(d, h);
                // u(x_i,x_j) summed over ordered pairs: k s_i·s_j + 4ψ' s_i·(x_j - x_i) - 4ψ'' d - 2Dψ'  (the cross terms pair up)
                total += psi[0] * ss + 4 * psi[1] * sdx - 4 * psi[2] * d - 2 * dim * psi[1];
                if (grad == null) continue;
                for (int k = 0; k < dim; k++) {
                    grad[i][k] += gradScale * 2 * (psi[0] * s[j][k] + 2 * psi[1] * (x[j][k] - x[i][k]));
                }
            }
        }
        return total;
    }
}
