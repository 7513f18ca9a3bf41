package org.langevin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Bayes' rule for a mixture prior and a linear-Gaussian measurement, against brute-force numeric integration. */
class MixturePosteriorTest {

    /** log of the unnormalised posterior p(x) N(y; A x, σ² I) at one point. */
    private static double logUnnormalised(GaussianMixture prior, double[][] a, double[] y, double noise, double[] x) {
        double log = prior.logDensity(new double[][] {x})[0];
        for (int r = 0; r < a.length; r++) {
            double ax = 0;
            for (int i = 0; i < x.length; i++) ax += a[r][i] * x[i];
            log += -0.5 * Math.pow((y[r] - ax) / noise, 2) - Math.log(noise * Math.sqrt(2 * Math.PI));
        }
        return log;
    }

    @Test
    void oneDimensionalPosteriorMatchesQuadrature() {
        GaussianMixture prior = GaussianMixture.of(new double[] {0.3, 0.7}, new double[][] {{-1.5}, {2}}, new double[][][] {{{0.4}}, {{1.2}}});
        double[][] a = {{2.0}};
        double[] y = {1.3};
        GaussianMixture posterior = MixturePosterior.of(prior, a, y, 0.5);
        double h = 1e-3;
        double z = 0;
        double mean = 0;
        double second = 0;
        for (double x = -12; x <= 12; x += h) {
            double p = Math.exp(logUnnormalised(prior, a, y, 0.5, new double[] {x}));
            z += p * h;
            mean += x * p * h;
            second += x * x * p * h;
        }
        mean /= z;
        double variance = second / z - mean * mean;
        double[] post = MixtureFixtures.mean(posterior);
        assertThat(post[0]).isCloseTo(mean, within(1e-6));
        assertThat(MixtureFixtures.covariance(posterior)[0][0]).isCloseTo(variance, within(1e-6));
        for (double x : new double[] {-2, -0.5, 0.4, 0.65, 1.5}) {
            double numeric = logUnnormalised(prior, a, y, 0.5, new double[] {x}) - Math.log(z);
            assertThat(posterior.logDensity(new double[][] {{x}})[0]).as("x = %s", x).isCloseTo(numeric, within(1e-6));
        }
    }

    @Test
    void twoDimensionalPosteriorWithFullCovariancesMatchesQuadrature() {
        GaussianMixture prior = MixtureFixtures.fullCovariance2d();
        double[][] a = {{1.0, 0.5}};
        double[] y = {0.4};
        double noise = 0.3;
        GaussianMixture posterior = MixturePosterior.of(prior, a, y, noise);
        double h = 0.01;
        double z = 0;
        double[] mean = new double[2];
        double[][] second = new double[2][2];
        for (double u = -8; u <= 8; u += h)
            for (double v = -8; v <= 8; v += h) {
                double p = Math.exp(logUnnormalised(prior, a, y, noise, new double[] {u, v})) * h * h;
                double[] x = {u, v};
                z += p;
                for (int i = 0; i < 2; i++) {
                    mean[i] += x[i] * p;
                    for (int j = 0; j < 2; j++) second[i][j] += x[i] * x[j] * p;
                }
            }
        double[] exactMean = MixtureFixtures.mean(posterior);
        double[][] exactCov = MixtureFixtures.covariance(posterior);
        for (int i = 0; i < 2; i++) {
            assertThat(exactMean[i]).isCloseTo(mean[i] / z, within(1e-4));
            for (int j = 0; j < 2; j++) assertThat(exactCov[i][j]).isCloseTo(second[i][j] / z - mean[i] * mean[j] / (z * z), within(1e-4));
        }
        for (double[] x : new double[][] {{-1, 2.5}, {0.5, -0.2}, {1.8, -2.2}, {-2.2, 1.1}}) {
            double numeric = logUnnormalised(prior, a, y, noise, x) - Math.log(z);
            assertThat(posterior.logDensity(new double[][] {x})[0]).isCloseTo(numeric, within(1e-4));
        }
    }

    @Test
    void noiselessMaskFixesTheObservedCoordinates() {
        GaussianMixture posterior = MixturePosterior.of(MixtureFixtures.fullCovariance3d(), new double[][] {{1, 0, 0}, {0, 0, 1}},
                new double[] {0.7, -0.4}, 0);
        for (int c = 0; c < posterior.components(); c++) {
            assertThat(posterior.mean(c)[0]).isCloseTo(0.7, within(1e-12));
            assertThat(posterior.mean(c)[2]).isCloseTo(-0.4, within(1e-12));
            assertThat(posterior.covariance(c)[0][0]).isCloseTo(0, within(1e-12));
            assertThat(posterior.covariance(c)[2][2]).isCloseTo(0, within(1e-12));
            assertThat(posterior.covariance(c)[1][1]).isPositive();
        }
    }

    @Test
    void shapesThatDisagreeAndSingularNoiselessOperatorsAreRefused() {
        GaussianMixture prior = MixtureFixtures.fullCovariance2d();
        assertThatThrownBy(() -> MixturePosterior.of(prior, new double[][] {{1, 0, 0}}, new double[] {1}, 0.1)).hasMessageContaining("dimension 3");
        assertThatThrownBy(() -> MixturePosterior.of(prior, new double[][] {{1, 0}}, new double[] {1, 2}, 0.1)).hasMessageContaining("2 values");
        assertThatThrownBy(() -> MixturePosterior.of(prior, new double[][] {{1, 0}, {2, 0}}, new double[] {1, 2}, 0))
                .hasMessageContaining("singular");
    }
}
