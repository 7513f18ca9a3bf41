package org.langevin.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;

/**
 * The Fréchet distance between Gaussians fitted to two feature sets (FID, Heusel et al. 2017):
 * ‖μ_a − μ_b‖² + tr Σ_a + tr Σ_b − 2 tr (Σ_a^{1/2} Σ_b Σ_a^{1/2})^{1/2}, the squared 2-Wasserstein distance between
 * N(μ_a, Σ_a) and N(μ_b, Σ_b). With the centred rows scaled by 1/√(n − 1) factored as A = Q_a R_a (so Σ_a = R_aᵀR_a),
 * the last trace is the sum of the singular values of R_b R_aᵀ, a small matrix: no matrix square root, and an SVD
 * (Hipparchus) converges where an eigendecomposition of a badly scaled covariance may not.
 */
public final class FrechetDistance {
    private FrechetDistance() {}

    public static double of(double[][] a, double[][] b) {
        double[] muA = mean(a);
        double[] muB = mean(b);
        RealMatrix rA = factor(a, muA);
        RealMatrix rB = factor(b, muB);
        double nuclear = 0;
        for (double s : new SingularValueDecomposition(rB.multiplyTransposed(rA)).getSingularValues()) nuclear += s;
        double meanTerm = 0;
        for (int j = 0; j < muA.length; j++) meanTerm += (muA[j] - muB[j]) * (muA[j] - muB[j]);
        return Math.max(0, meanTerm + frobenius2(rA) + frobenius2(rB) - 2 * nuclear);
    }

    /** The standard deviation of the distance over {@code replicates} bootstrap draws (both sets resampled with replacement). */
    public static double bootstrapSd(double[][] a, double[][] b, int replicates, SplittableRandom random) {
        double[] values = new double[replicates];
        for (int r = 0; r < replicates; r++) values[r] = of(resample(a, random), resample(b, random));
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (replicates - 1));
    }

    /** As many rows drawn with replacement. */
    private static double[][] resample(double[][] x, SplittableRandom random) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = x[random.nextInt(x.length)];
        return out;
    }

    static double[] mean(double[][] x) {
        double[] mu = new double[x[0].length];
        for (double[] row : x) for (int j = 0; j < mu.length; j++) mu[j] += row[j] / x.length;
        return mu;
    }

    /** R of the QR factorisation of the centred rows / √(n − 1), its first min(n, d) rows: Σ = RᵀR. */
    private static RealMatrix factor(double[][] x, double[] mu) {
        double scale = 1 / Math.sqrt(x.length - 1.0);
        double[][] centred = new double[x.length][mu.length];
        for (int i = 0; i < x.length; i++) for (int j = 0; j < mu.length; j++) centred[i][j] = (x[i][j] - mu[j]) * scale;
        RealMatrix r = new QRDecomposition(MatrixUtils.createRealMatrix(centred)).getR();
        return r.getSubMatrix(0, Math.min(x.length, mu.length) - 1, 0, mu.length - 1);
    }

    /** tr RᵀR = Σ r_ij². */
    private static double frobenius2(RealMatrix r) {
        double norm = r.getFrobeniusNorm();
        return norm * norm;
    }
}
