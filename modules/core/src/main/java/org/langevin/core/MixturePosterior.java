package org.langevin.core;

import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

/**
 * Bayes' rule for a Gaussian-mixture prior Σ w_k N(μ_k, Σ_k) and a linear-Gaussian measurement y = A x + σ_y n: the
 * posterior is the mixture Σ w'_k N(μ'_k, Σ'_k) with S_k = A Σ_k Aᵀ + σ_y² I, K_k = Σ_k Aᵀ S_k⁻¹,
 * μ'_k = μ_k + K_k (y − A μ_k), Σ'_k = Σ_k − K_k A Σ_k and w'_k ∝ w_k N(y; A μ_k, S_k) (Bishop 2006, §2.3.3). With
 * σ_y = 0 the posterior is degenerate along the observed directions (zero eigenvalues), which the perturbed laws
 * p_t(x | y) of a linear SDE still resolve for t > 0.
 */
public final class MixturePosterior {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private MixturePosterior() {}

    /**
     * @param a the operator's m × D matrix
     * @throws IllegalArgumentException when the shapes disagree or S_k is singular (σ_y = 0 with dependent rows of A)
     */
    public static GaussianMixture of(GaussianMixture prior, double[][] a, double[] y, double noise) {
        int dim = prior.dim();
        if (a.length != y.length) throw new IllegalArgumentException("the observation has " + y.length + " values, the operator measures "
                + a.length);
        if (a.length == 0 || a[0].length != dim) throw new IllegalArgumentException("the operator acts on dimension " + (a.length == 0 ? 0
                : a[0].length) + ", the prior has " + dim);
        RealMatrix op = MatrixUtils.createRealMatrix(a);
        RealVector obs = MatrixUtils.createRealVector(y);
        int k = prior.components();
        double[] logWeights = new double[k];
        double[][] means = new double[k][];
        CovarianceEigen[] covariances = new CovarianceEigen[k];
        for (int c = 0; c < k; c++) {
            RealMatrix cov = MatrixUtils.createRealMatrix(prior.covariance(c));
            RealVector mean = MatrixUtils.createRealVector(prior.mean(c));
            RealMatrix opCov = op.multiply(cov); // A Σ
            RealMatrix s = opCov.multiplyTransposed(op).add(MatrixUtils.createRealIdentityMatrix(a.length).scalarMultiply(noise * noise));
            CholeskyDecomposition chol;
            try {
                chol = new CholeskyDecomposition(s.add(s.transpose()).scalarMultiply(0.5), 1e-12, 1e-14);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("A Σ Aᵀ + σ_y² I is singular: with σ_y = 0 the operator's rows must be linearly independent");
            }
            DecompositionSolver solver = chol.getSolver();
            RealVector residual = obs.subtract(op.operate(mean));
            RealVector solved = solver.solve(residual);
            means[c] = mean.add(opCov.transpose().operate(solved)).toArray();
            RealMatrix gain = solver.solve(opCov); // S⁻¹ A Σ = K ᵀ
            RealMatrix posterior = cov.subtract(opCov.transposeMultiply(gain));
            covariances[c] = semidefinite(posterior.add(posterior.transpose()).scalarMultiply(0.5));
            logWeights[c] = Math.log(prior.weight(c)) - 0.5 * (residual.dotProduct(solved) + Math.log(chol.getDeterminant()) + a.length * LOG_2PI);
        }
        double norm = Arrays2.logSumExp(logWeights);
        double[] weights = new double[k];
        for (int c = 0; c < k; c++) weights[c] = Math.exp(logWeights[c] - norm);
        return GaussianMixture.ofEigen(weights, means, covariances);
    }

    /** The eigendecomposition of a covariance that may be singular: eigenvalues below round-off are set to 0. */
    private static CovarianceEigen semidefinite(RealMatrix cov) {
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(cov);
        double[] values = eig.getEigenvalues().clone();
        double top = 0;
        for (double v : values) top = Math.max(top, Math.abs(v));
        for (int i = 0; i < values.length; i++) if (values[i] < 1e-12 * top) values[i] = 0;
        return new CovarianceEigen(values, eig.getV().getData());
    }
}
