package org.langevin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Tweedie's formula against the Gaussian posterior mean in closed form. */
class TweedieTest {
    /** x0 ~ N(μ, Σ), x = m x0 + σ z: E[x0 | x] = μ + m Σ (m² Σ + σ² I)⁻¹ (x − m μ). */
    @Test
    void posteriorMeanOfAGaussianPriorIsTheConditionalMean() {
        double[] mu = {1.0, -2.0};
        double[][] cov = {{2.0, 0.6}, {0.6, 0.5}};
        Marginal marginal = new Marginal(0.8, 0.7);
        GaussianMixture prior = GaussianMixture.of(new double[] {1}, new double[][] {mu}, new double[][][] {cov});
        double[][] x = {{0.3, 0.4}, {-1.2, 2.5}, {3.0, -1.0}};
        double[][] score = prior.perturbed(marginal).score(x);
        double[][] tweedie = Arrays2.toMatrix(marginal.posteriorMean(Nd4j.createFromArray(x), Nd4j.createFromArray(score)));
        double m = marginal.meanCoef();
        double v = marginal.variance();
        double a = m * m * cov[0][0] + v;
        double b = m * m * cov[0][1];
        double d = m * m * cov[1][1] + v;
        double det = a * d - b * b;
        for (int i = 0; i < x.length; i++) {
            double r0 = x[i][0] - m * mu[0];
            double r1 = x[i][1] - m * mu[1];
            double s0 = (d * r0 - b * r1) / det; // (m² Σ + σ² I)⁻¹ (x − m μ)
            double s1 = (-b * r0 + a * r1) / det;
            assertThat(tweedie[i][0]).isCloseTo(mu[0] + m * (cov[0][0] * s0 + cov[0][1] * s1), within(1e-12));
            assertThat(tweedie[i][1]).isCloseTo(mu[1] + m * (cov[1][0] * s0 + cov[1][1] * s1), within(1e-12));
        }
    }
}
