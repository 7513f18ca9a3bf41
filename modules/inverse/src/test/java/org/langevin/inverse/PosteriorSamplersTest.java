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

    /** Eight modes on a circle of radius 4 (std 0.5), seen through x0 + x1/2: the posterior keeps a few of them. */
    @Test
    void twistedSmcApproachesTheExactPosteriorAsParticlesGrow() {
        double[][] means = new double[8][];
        for (int k = 0; k < 8; k++) means[k] = new double[] {4 * Math.cos(Math.PI * k / 4), 4 * Math.sin(Math.PI * k / 4)};
        GaussianMixture ring = GaussianMixture.isotropic(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, means, 0.5);
        OracleScore exactScore = new OracleScore(ring, sde);
        double[][] truth = Arrays2.toMatrix(MixturePosterior.of(ring, a, y, 0.2).sample(400, new RandomStreams(1).get("exact")));
        double[] d = new double[3];
        int[] particles = {1, 8, 128};
        for (int i = 0; i < 3; i++) {
            SampleResult r = new TwistedSmcSampler(sde, grid(200), true, particles[i]).sample(exactScore, measurement, 400, new RandomStreams(2));
            d[i] = TwoSampleDistances.energyDistance(Arrays2.toMatrix(r.samples()), truth);
        }
        assertThat(d[2]).as("distances %s", java.util.Arrays.toString(d)).isLessThan(d[0] / 4).isLessThan(0.05);
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
