package org.langevin.inverse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Measurement;
import org.langevin.core.MixtureFixtures;
import org.langevin.core.MixturePosterior;
import org.langevin.core.PosteriorSampler;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.metrics.TwoSampleDistances;
import org.langevin.samplers.TimeSchedule;
import org.langevin.score.OracleScore;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.factory.Nd4j;

/** The approximate posterior samplers on a mixture prior with its exact score, against the exact posterior. */
class PosteriorSamplersTest {
    private final VpSde sde = new VpSde(0.1, 20);
    private final GaussianMixture prior = MixtureFixtures.fullCovariance2d();
    private final OracleScore score = new OracleScore(prior, sde);
    private final double[] y = {0.3};
    private final double[][] a = {{1.0, 0.5}};
    private final Measurement measurement = new Measurement(new DenseOperator(a, Double.NaN), Nd4j.createFromArray(new double[][] {y}), 0.2);
    private final double[][] exact = Arrays2.toMatrix(MixturePosterior.of(prior, a, y, 0.2).sample(400, new RandomStreams(1).get("exact")));

    private double[] grid(int steps) {
        return TimeSchedule.UNIFORM.times(sde, steps, 1e-3, 7);
    }

    private double distance(PosteriorSampler sampler, long seed) {
        SampleResult r = sampler.sample(score, measurement, 400, new RandomStreams(seed));
        assertThat(Arrays2.allFinite(r.samples())).isTrue();
        return TwoSampleDistances.energyDistance(Arrays2.toMatrix(r.samples()), exact);
    }

    @Test
    void twistedSmcApproachesTheExactPosteriorAsParticlesGrow() {
        double one = distance(new TwistedSmcSampler(sde, grid(100), true, 1), 2);
        double many = distance(new TwistedSmcSampler(sde, grid(100), true, 32), 2);
        assertThat(many).isLessThan(one / 4).isLessThan(0.02);
    }

    @Test
    void everyMethodCountsItsScoreEvaluationsPerSample() {
        double[] grid = grid(10);
        assertThat(nfe(new ReplacementSampler(sde, grid, false, 1, 1))).isEqualTo(10);
        assertThat(nfe(new ReplacementSampler(sde, grid, false, 5, 1))).isEqualTo(50);
        assertThat(nfe(new DpsSampler(sde, grid, false, 1.0, 1))).isEqualTo(20);
        assertThat(nfe(new PigdmSampler(sde, grid, false, 1))).isEqualTo(20);
        assertThat(nfe(new TwistedSmcSampler(sde, grid, false, 4))).isEqualTo(2 * 11 * 4);
        assertThat(nfe(new PigdmSampler(sde, grid, true, 1))).isEqualTo(21);
    }

    private long nfe(PosteriorSampler sampler) {
        return sampler.sample(score, measurement, 8, new RandomStreams(4)).nfe();
    }
}
