package org.langevin.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Loss;
import org.langevin.core.MixtureFixtures;
import org.langevin.core.RandomStreams;
import org.langevin.nn.Activation;
import org.langevin.nn.FourierMlp;
import org.langevin.score.NetworkScore;
import org.langevin.score.OracleScore;
import org.langevin.score.Parameterization;
import org.langevin.sde.InterpolantSde;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Flow matching against its closed-form shift identity, and its parameter gradient against finite differences. */
class FlowMatchingTest {
    private final GaussianMixture mixture = MixtureFixtures.fullCovariance2d();

    /**
     * A score shifted by c moves the velocity F = a x − ½ g² s by −½ g² c, so FM(s* + c) − FM(s*) = E_t λ g⁴/4 ‖c‖²
     * (the cross term vanishes because F* = E[u | x_t]): under VP with λ = 1, E_t β(t)²/4 ‖c‖².
     */
    @Test
    void aShiftedExactScoreAddsTheExpectedVelocityError() {
        VpSde sde = new VpSde(0.1, 20);
        NoiseLevels uniform = new NoiseLevels(sde, 1e-3, NoiseLevels.Weighting.UNIFORM, false);
        Loss fm = new FlowMatching(uniform, false, 0);
        OracleScore oracle = new OracleScore(mixture, sde);
        double[] gap = new double[8];
        for (int b = 0; b < gap.length; b++) {
            INDArray x0 = mixture.sample(4000, new RandomStreams(b).get("data"));
            double exact = fm.evaluate(new FrozenScore(oracle), x0, new RandomStreams(100 + b)).loss();
            double shifted = fm.evaluate(new FrozenScore(oracle, 0.3, -0.4), x0, new RandomStreams(100 + b)).loss();
            gap[b] = shifted - exact;
        }
        int k = 100_000; // E_t β²/4 over U(eps, 1) by the midpoint rule
        double mean = 0;
        for (int i = 0; i < k; i++) mean += Math.pow(sde.beta(1e-3 + (i + 0.5) * (1 - 1e-3) / k), 2) / 4 / k;
        assertThat(Arrays2.mean(gap)).isCloseTo(0.25 * mean, within(4 * Arrays2.stderr(gap) + 1e-3));
    }

    @Test
    void theParameterGradientMatchesFiniteDifferencesForBothCouplings() {
        InterpolantSde sde = new InterpolantSde.RectifiedFlow(0.999);
        FourierMlp net = new FourierMlp(2, new int[] {8, 8}, 4, 1.0, Activation.SILU, false, DataType.DOUBLE, new RandomStreams(1).get("init"));
        INDArray params = net.initialParameters(new RandomStreams(2).get("init"));
        NetworkScore model = new NetworkScore(net, Parameterization.flow(sde), sde, params);
        INDArray x0 = mixture.sample(16, new RandomStreams(3).get("data"));
        for (boolean ot : new boolean[] {false, true}) {
            Loss fm = new FlowMatching(new NoiseLevels(sde, 1e-3, NoiseLevels.Weighting.UNIFORM, false), ot, 0);
            INDArray gradient = fm.evaluate(model, x0, new RandomStreams(4)).gradient();
            double h = 1e-6;
            for (long i = 0; i < params.length(); i += 7) {
                double p = params.getDouble(i);
                params.putScalar(i, p + h);
                double plus = fm.evaluate(model, x0, new RandomStreams(4)).loss();
                params.putScalar(i, p - h);
                double minus = fm.evaluate(model, x0, new RandomStreams(4)).loss();
                params.putScalar(i, p);
                double fd = (plus - minus) / (2 * h);
                assertThat(gradient.getDouble(i)).as("ot %s, parameter %d", ot, i).isCloseTo(fd, within(1e-5 * Math.max(1, Math.abs(fd))));
            }
        }
    }
}
