package org.langevin.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TwoSampleDistancesTest {
    private static double[][] normal(int n, double shift, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][1];
        for (double[] row : x) {
            // Box–Muller
            row[0] = shift + Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        }
        return x;
    }

    /** For X ~ N(0,1), Y ~ N(μ,1): E|X-Y| = E|N(μ,2)|, E|X-X'| = E|Y-Y'| = 2/√π. */
    @Test
    void energyDistanceBetweenShiftedNormalsMatchesTheClosedForm() {
        double mu = 1.0;
        double s = Math.sqrt(2);
        double phi = 0.5 * (1 + erf(mu / s / Math.sqrt(2)));
        double foldedMean = s * Math.sqrt(2 / Math.PI) * Math.exp(-mu * mu / (2 * s * s)) + mu * (2 * phi - 1);
        double exact = 2 * foldedMean - 2 * (2 / Math.sqrt(Math.PI));
        double estimate = TwoSampleDistances.energyDistance(normal(3000, 0, 1), normal(3000, mu, 2));
        assertThat(estimate).isCloseTo(exact, within(0.03));
    }

    @Test
    void mmdIsNearZeroForTheSameLawAndPositiveForDifferentLaws() {
        double[][] a = normal(1500, 0, 3);
        double[][] b = normal(1500, 0, 4);
        double[][] c = normal(1500, 0.5, 5);
        double h = TwoSampleDistances.medianBandwidth(a, b);
        assertThat(Math.abs(TwoSampleDistances.mmdSquared(a, b, h))).isLessThan(0.005);
        assertThat(TwoSampleDistances.mmdSquared(a, c, h)).isGreaterThan(0.02);
    }

    private static double erf(double x) {
        // Abramowitz–Stegun 7.1.26, error below 1.5e-7
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
        return x >= 0 ? y : -y;
    }
}
