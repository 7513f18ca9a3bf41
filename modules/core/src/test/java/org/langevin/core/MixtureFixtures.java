package org.langevin.core;

/** Gaussian mixtures the tests of several modules share (core's test jar). */
public final class MixtureFixtures {
    private MixtureFixtures() {}

    /** Three components in 3-D with full, unequal covariances. */
    public static GaussianMixture fullCovariance3d() {
        return GaussianMixture.of(new double[] {0.2, 0.5, 0.3},
                new double[][] {{1, -2, 0.5}, {-1, 1, 2}, {3, 0, -1}},
                new double[][][] {
                    {{1.0, 0.3, 0.1}, {0.3, 0.5, -0.2}, {0.1, -0.2, 0.8}},
                    {{0.4, 0.0, 0.1}, {0.0, 2.0, 0.5}, {0.1, 0.5, 1.0}},
                    {{0.3, -0.1, 0.0}, {-0.1, 0.3, 0.0}, {0.0, 0.0, 0.3}}});
    }

}
