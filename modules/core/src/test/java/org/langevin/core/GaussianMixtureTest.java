package org.langevin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The mixture's closed forms against finite differences and Monte Carlo moments. */
class GaussianMixtureTest {
    static final double[][] POINTS = {{0.3, -0.4, 1.1}, {2.0, 0.5, -0.7}, {-1.5, 1.2, 1.8}, {0.0, 0.0, 0.0}};

    @Test
    void densityIsTheWeightedSumOfGaussianDensities() {
        GaussianMixture single = GaussianMixture.of(new double[] {1}, new double[][] {{1, 2}}, new double[][][] {{{2, 0.5}, {0.5, 1}}});
        // N(x; μ, Σ) with det Σ = 1.75, Σ⁻¹ = [[1, -0.5], [-0.5, 2]] / 1.75, at x - μ = (1, -1)
        double maha = (1 * 1 + 2 * 0.5 * 1 + 2 * 1) / 1.75;
        double expected = -0.5 * maha - 0.5 * Math.log(1.75) - Math.log(2 * Math.PI);
        assertThat(single.logDensity(new double[][] {{2, 1}})[0]).isCloseTo(expected, within(1e-12));
    }

    @Test
    void scoreIsTheGradientOfTheLogDensity() {
        GaussianMixture p = MixtureFixtures.fullCovariance3d();
        double[][] score = p.score(POINTS);
        double h = 1e-5;
        for (int n = 0; n < POINTS.length; n++) {
            for (int i = 0; i < 3; i++) {
                double[][] plus = {POINTS[n].clone()};
                double[][] minus = {POINTS[n].clone()};
                plus[0][i] += h;
                minus[0][i] -= h;
                double fd = (p.logDensity(plus)[0] - p.logDensity(minus)[0]) / (2 * h);
                assertThat(score[n][i]).isCloseTo(fd, within(1e-6));
            }
        }
    }

    @Test
    void divergenceAndHessianVectorProductsAreDerivativesOfTheScore() {
        GaussianMixture p = MixtureFixtures.fullCovariance3d().perturbed(new Marginal(0.7, 0.4));
        GaussianMixture.ScoreAndDivergence sd = p.scoreAndDivergence(POINTS);
        double[][] v = {{1, -1, 1}, {0.5, 2, -1}, {-1, -1, 0.3}, {1, 0, 0}};
        double[][] hv = p.scoreAndHessianVectorProduct(POINTS, v)[1];
        double h = 1e-5;
        for (int n = 0; n < POINTS.length; n++) {
            double trace = 0;
            for (int i = 0; i < 3; i++) {
                double[][] plus = {POINTS[n].clone()};
                double[][] minus = {POINTS[n].clone()};
                plus[0][i] += h;
                minus[0][i] -= h;
                trace += (p.score(plus)[0][i] - p.score(minus)[0][i]) / (2 * h);
            }
            assertThat(sd.divergence()[n]).isCloseTo(trace, within(1e-5));
            double[][] plus = {POINTS[n].clone()};
            double[][] minus = {POINTS[n].clone()};
            for (int i = 0; i < 3; i++) {
                plus[0][i] += h * v[n][i];
                minus[0][i] -= h * v[n][i];
            }
            for (int i = 0; i < 3; i++) {
                double directional = (p.score(plus)[0][i] - p.score(minus)[0][i]) / (2 * h);
                assertThat(hv[n][i]).isCloseTo(directional, within(1e-5));
            }
        }
    }

    @Test
    void perturbedMixtureIsTheLawOfScaledDataPlusNoise() {
        GaussianMixture p = MixtureFixtures.fullCovariance3d();
        Marginal m = new Marginal(0.6, 0.8);
        GaussianMixture pt = p.perturbed(m);
        for (int c = 0; c < 3; c++) {
            double[][] cov = p.covariance(c);
            double[][] covT = pt.covariance(c);
            for (int i = 0; i < 3; i++) {
                assertThat(pt.mean(c)[i]).isCloseTo(0.6 * p.mean(c)[i], within(1e-12));
                for (int j = 0; j < 3; j++) {
                    assertThat(covT[i][j]).isCloseTo(0.36 * cov[i][j] + (i == j ? 0.64 : 0), within(1e-12));
                }
            }
        }
    }

    @Test
    void samplesHaveTheMixtureMeanAndCovariance() {
        GaussianMixture p = MixtureFixtures.fullCovariance3d();
        int n = 200_000;
        double[][] x = p.sample(n, new RandomStreams(7).get("test")).toDoubleMatrix();
        double[] mean = new double[3];
        for (double[] row : x) for (int i = 0; i < 3; i++) mean[i] += row[i] / n;
        double[] exact = new double[3];
        for (int c = 0; c < 3; c++) for (int i = 0; i < 3; i++) exact[i] += p.weight(c) * p.mean(c)[i];
        for (int i = 0; i < 3; i++) assertThat(mean[i]).isCloseTo(exact[i], within(0.02));
        // total variance of coordinate 1: Σ w_c (Σ_c[1][1] + μ_c[1]²) - mean²
        double var = 0;
        for (int c = 0; c < 3; c++) var += p.weight(c) * (p.covariance(c)[1][1] + p.mean(c)[1] * p.mean(c)[1]);
        var -= exact[1] * exact[1];
        double sampleVar = 0;
        for (double[] row : x) sampleVar += (row[1] - mean[1]) * (row[1] - mean[1]) / (n - 1);
        assertThat(sampleVar).isCloseTo(var, within(0.03));
    }

    @Test
    void rejectsCovariancesThatAreNotPositiveDefinite() {
        assertThatThrownBy(() -> GaussianMixture.of(new double[] {1}, new double[][] {{0, 0}}, new double[][][] {{{1, 2}, {2, 1}}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive definite");
        assertThatThrownBy(() -> GaussianMixture.of(new double[] {1}, new double[][] {{0, 0}}, new double[][][] {{{1, 0.5}, {0.2, 1}}}))
                .hasMessageContaining("symmetric");
    }

    @Test
    void samplingIsReproducibleFromTheSeed() {
        GaussianMixture p = MixtureFixtures.fullCovariance3d();
        INDArray a = p.sample(100, new RandomStreams(3).get("x"));
        INDArray b = p.sample(100, new RandomStreams(3).get("x"));
        INDArray c = p.sample(100, new RandomStreams(4).get("x"));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }
}
