package org.langevin.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sde;
import org.langevin.score.OracleScore;
import org.langevin.sde.InterpolantSde;

/**
 * Straightness against its closed form for Gaussian data N(0, s²) in 1-D: the probability flow scales the prior's
 * draw, x_t = x_T a(t)/a(T) with a(t) = √(m² s² + σ²), so S = E[x_T²]/a(T)² · (1/(T − eps)) ∫ (a′ − chord)² dt.
 */
class StraightnessTest {

    private static double closedForm(Sde sde, double s, double eps) {
        double T = sde.horizon();
        DoubleUnaryOperator a = t -> Math.sqrt(Math.pow(sde.marginal(t).meanCoef() * s, 2) + sde.marginal(t).variance());
        double chord = (a.applyAsDouble(T) - a.applyAsDouble(eps)) / (T - eps);
        int k = 200_000;
        double h = (T - eps) / k;
        double integral = 0;
        for (int i = 0; i < k; i++) {
            double t = eps + (i + 0.5) * h;
            double slope = (a.applyAsDouble(t + 1e-7) - a.applyAsDouble(t - 1e-7)) / 2e-7;
            integral += Math.pow(slope - chord, 2) * h;
        }
        return sde.priorStd() * sde.priorStd() / Math.pow(a.applyAsDouble(T), 2) * integral / (T - eps);
    }

    @Test
    void theExactFlowOfAGaussianHasItsClosedFormStraightness() {
        for (double s : new double[] {0.3, 2.0}) {
            Sde sde = new InterpolantSde.RectifiedFlow(0.999);
            OracleScore oracle = new OracleScore(GaussianMixture.isotropic(new double[] {1}, new double[][] {{0}}, s), sde);
            double measured = Straightness.of(oracle, sde, 40_000, 1, 200, 1e-3, new RandomStreams(3).get("paths"));
            assertThat(measured).as("s = %s", s).isCloseTo(closedForm(sde, s, 1e-3), within(0.03 * closedForm(sde, s, 1e-3)));
        }
    }
}
