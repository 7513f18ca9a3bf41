package org.langevin.metrics;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.stat.correlation.Covariance;

/**
 * The Fréchet distance between Gaussians fitted to two feature sets (FID, Heusel et al. 2017):
 * ‖μ_a − μ_b‖² + tr Σ_a + tr Σ_b − 2 tr (Σ_a^{1/2} Σ_b Σ_a^{1/2})^{1/2}, the squared 2-Wasserstein distance between
 * N(μ_a, Σ_a) and N(μ_b, Σ_b). The matrix square roots come from symmetric eigendecompositions (Hipparchus), clipping the
 * rounding-error negative eigenvalues of a positive semi-definite matrix at 0.
 */
public final class FrechetDistance {
    private FrechetDistance() {}

    public static double of(double[][] a, double[][] b) {
        double[] muA = mean(a);
        double[] muB = mean(b);
        RealMatrix sigmaA = new Covariance(a).getCovarianceMatrix();
        RealMatrix sigmaB = new Covariance(b).getCovarianceMatrix();
        RealMatrix rootA = sqrt(sigmaA);
        RealMatrix cross = sqrt(rootA.multiply(sigmaB).multiply(rootA));
        double meanTerm = 0;
        for (int j = 0; j < muA.length; j++) meanTerm += (muA[j] - muB[j]) * (muA[j] - muB[j]);
        return Math.max(0, meanTerm + sigmaA.getTrace() + sigmaB.getTrace() - 2 * cross.getTrace());
    }

    static double[] mean(double[][] x) {
        double[] mu = new double[x[0].length];
        for (double[] row : x) for (int j = 0; j < mu.length; j++) mu[j] += row[j] / x.length;
        return mu;
    }

    /** The positive semi-definite square root of a symmetric matrix. */
    private static RealMatrix sqrt(RealMatrix symmetric) {
        RealMatrix s = symmetric.add(symmetric.transpose()).scalarMultiply(0.5); // exact symmetry for the decomposition
        EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(s);
        double[] values = eigen.getEigenvalues();
        double[] roots = new double[values.length];
        for (int i = 0; i < values.length; i++) roots[i] = Math.sqrt(Math.max(0, values[i]));
        RealMatrix v = eigen.getV();
        return v.multiply(MatrixUtils.createRealDiagonalMatrix(roots)).multiply(v.transpose());
    }
}
