package org.langevin.core;

/** Gaussian mixtures the tests of several modules share (core's test jar). */
public final class MixtureFixtures {
    private MixtureFixtures() {}

    /** Two components in 2-D with full, unequal covariances and unequal weights. */
    public static GaussianMixture fullCovariance2d() {
        return GaussianMixture.of(new double[] {0.3, 0.7}, new double[][] {{-2, 1}, {2, -1}},
                new double[][][] {{{0.5, 0.2}, {0.2, 0.3}}, {{0.2, 0.0}, {0.0, 0.6}}});
    }

    /** Three components in 3-D with full, unequal covariances. */
    public static GaussianMixture fullCovariance3d() {
        return GaussianMixture.of(new double[] {0.2, 0.5, 0.3},
                new double[][] {{1, -2, 0.5}, {-1, 1, 2}, {3, 0, -1}},
                new double[][][] {
                    {{1.0, 0.3, 0.1}, {0.3, 0.5, -0.2}, {0.1, -0.2, 0.8}},
                    {{0.4, 0.0, 0.1}, {0.0, 2.0, 0.5}, {0.1, 0.5, 1.0}},
                    {{0.3, -0.1, 0.0}, {-0.1, 0.3, 0.0}, {0.0, 0.0, 0.3}}});
    }

    /** Four components in 5-D with full covariances A Aᵀ + 0.1 I from fixed A. */
    public static GaussianMixture fullCovariance5d() {
        int k = 4;
        int d = 5;
        double[] w = {0.1, 0.2, 0.3, 0.4};
        double[][] means = new double[k][d];
        double[][][] covs = new double[k][d][d];
        for (int c = 0; c < k; c++) {
            double[][] a = new double[d][d];
            for (int i = 0; i < d; i++) {
                means[c][i] = 2.0 * Math.sin(1.3 * c + 0.7 * i + 0.5);
                for (int j = 0; j < d; j++) a[i][j] = 0.5 * Math.cos(0.9 * c + 1.1 * i - 0.4 * j);
            }
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) {
                    double v = i == j ? 0.1 : 0.0;
                    for (int l = 0; l < d; l++) v += a[i][l] * a[j][l];
                    covs[c][i][j] = v;
                }
        }
        return GaussianMixture.of(w, means, covs);
    }

    /** Mean of a mixture: Σ w_k μ_k. */
    public static double[] mean(GaussianMixture p) {
        double[] m = new double[p.dim()];
        for (int c = 0; c < p.components(); c++) for (int i = 0; i < p.dim(); i++) m[i] += p.weight(c) * p.mean(c)[i];
        return m;
    }

    /** Covariance of a mixture: Σ w_k (Σ_k + μ_k μ_kᵀ) - μ̄ μ̄ᵀ. */
    public static double[][] covariance(GaussianMixture p) {
        double[] m = mean(p);
        double[][] cov = new double[p.dim()][p.dim()];
        for (int c = 0; c < p.components(); c++) {
            double[][] s = p.covariance(c);
            double[] mu = p.mean(c);
            for (int i = 0; i < p.dim(); i++) for (int j = 0; j < p.dim(); j++) cov[i][j] += p.weight(c) * (s[i][j] + mu[i] * mu[j]);
        }
        for (int i = 0; i < p.dim(); i++) for (int j = 0; j < p.dim(); j++) cov[i][j] -= m[i] * m[j];
        return cov;
    }
}
