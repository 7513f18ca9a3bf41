package org.langevin.core;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;

/**
 * A covariance matrix as its eigendecomposition Σ = Q Λ Qᵀ (Hipparchus), after checking that it is square, symmetric
 * and positive definite.
 *
 * @param values the eigenvalues Λ
 * @param vectors Q, [row][column]: columns are eigenvectors
 */
record CovarianceEigen(double[] values, double[][] vectors) {

    /** @throws IllegalArgumentException naming {@code what} when the matrix is not a d × d covariance */
    static CovarianceEigen of(double[][] covariance, int dim, String what) {
        if (covariance.length != dim) throw new IllegalArgumentException(what + " must be " + dim + "x" + dim);
        for (int i = 0; i < dim; i++) {
            if (covariance[i].length != dim) throw new IllegalArgumentException(what + " must be " + dim + "x" + dim);
            for (int j = 0; j < dim; j++) {
                if (Math.abs(covariance[i][j] - covariance[j][i]) > 1e-9 * (1 + Math.abs(covariance[i][j]))) {
                    throw new IllegalArgumentException(what + " is not symmetric");
                }
            }
        }
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(covariance));
        double[] values = eig.getEigenvalues().clone();
        for (double v : values) {
            if (!(v > 0)) throw new IllegalArgumentException(what + " is not positive definite (eigenvalue " + v + ")");
        }
        return new CovarianceEigen(values, eig.getV().getData());
    }

    /** Σ = Q Λ Qᵀ. */
    double[][] matrix() {
        int d = values.length;
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int l = 0; l < d; l++) v += vectors[i][l] * values[l] * vectors[j][l];
                cov[i][j] = v;
            }
        return cov;
    }
}
