package org.langevin.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Marginal;
import org.langevin.core.Sde;
import org.langevin.sde.InterpolantSde;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The velocity of x_t = m x0 + σ z: the probability-flow drift of the exact score equals E[m′ x0 + σ′ z | x_t] by
 * quadrature over x0 (so a and g of every family are the interpolant's), and the flow parameterization maps that
 * velocity back to the exact score.
 */
class FlowVelocityTest {
    private static final GaussianMixture PRIOR = GaussianMixture.of(new double[] {0.35, 0.65}, new double[][] {{-1.5}, {1.0}},
            new double[][][] {{{0.2}}, {{0.6}}});

    /** E[m′ x0 + σ′ z | x_t = x] with z = (x − m x0)/σ, weighting x0 by p(x0) N(x; m x0, σ²); m′ and σ′ by central differences. */
    private static double expectedVelocity(Sde sde, double x, double t) {
        Marginal m = sde.marginal(t);
        double h = 1e-6;
        double dm = (sde.marginal(t + h).meanCoef() - sde.marginal(t - h).meanCoef()) / (2 * h);
        double ds = (sde.marginal(t + h).std() - sde.marginal(t - h).std()) / (2 * h);
        double weight = 0;
        double sum = 0;
        for (double x0 = -8; x0 <= 8; x0 += 1e-4) {
            double w = Math.exp(PRIOR.logDensity(new double[][] {{x0}})[0] - 0.5 * Math.pow((x - m.meanCoef() * x0) / m.std(), 2));
            double z = (x - m.meanCoef() * x0) / m.std();
            weight += w;
            sum += w * (dm * x0 + ds * z);
        }
        return sum / weight;
    }

    @Test
    void theProbabilityFlowOfTheExactScoreIsTheInterpolantsVelocityAndTheFlowParameterizationInvertsIt() {
        for (Sde sde : List.<Sde>of(new InterpolantSde.RectifiedFlow(0.999), new InterpolantSde.Trigonometric(0.999), new VpSde(0.1, 20))) {
            OracleScore oracle = new OracleScore(PRIOR, sde);
            for (double t : new double[] {0.1, 0.5, 0.9}) {
                for (double x : new double[] {-1.3, 0.2, 1.1}) {
                    var point = Nd4j.createFromArray(new double[][] {{x}});
                    double velocity = sde.probabilityFlow(oracle).apply(point, t).getDouble(0, 0);
                    double expected = expectedVelocity(sde, x, t);
                    String at = sde.getClass().getSimpleName() + " t=" + t + " x=" + x;
                    assertThat(velocity).as(at).isCloseTo(expected, within(1e-5 * Math.max(1, Math.abs(expected))));
                    Parameterization.Coefficients c = Parameterization.flow(sde).at(t, sde.marginal(t));
                    double score = oracle.score(point, t).getDouble(0, 0);
                    assertThat(c.outScale() * velocity + c.skipScale() * x).as(at).isCloseTo(score, within(1e-8 * Math.max(1, Math.abs(score))));
                }
            }
        }
    }
}
