package org.langevin.inverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Measurement;
import org.langevin.core.MixtureFixtures;
import org.langevin.core.MixturePosterior;
import org.langevin.core.PosteriorSampler;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.metrics.TwoSampleDistances;
import org.langevin.samplers.TimeSchedule;
import org.langevin.score.OracleScore;
import org.langevin.sde.VeSde;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.ndarray.INDArray;
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
            SampleResult r = new TwistedSmcSampler(sde, grid(200), true, particles[i], 4).sample(exactScore, measurement, 400, new RandomStreams(2));
            d[i] = TwoSampleDistances.energyDistance(Arrays2.toMatrix(r.samples()), truth);
        }
        assertThat(d[2]).as("distances %s", Arrays.toString(d)).isLessThan(d[0] / 4).isLessThan(0.05);
    }

    /**
     * ΠGDM is exact for an isotropic Gaussian prior when r_t² is that prior's posterior variance (σ_d² = 0.25 here,
     * not 1): its samples pass the two-sample permutation test against the exact posterior at 1 %, under vp and ve.
     */
    @ParameterizedTest
    @ValueSource(strings = {"vp", "ve"})
    void pigdmIsExactForAnIsotropicGaussianPrior(String family) {
        Sde process = family.equals("vp") ? sde : new VeSde(0.01, 10);
        double std = 0.5;
        GaussianMixture gaussian = GaussianMixture.isotropic(new double[] {1}, new double[][] {{1.0, -0.5, 0.3}}, std);
        double[][] dense = {{0.8, -0.6, 0.3}, {0.2, 0.5, 0.9}};
        double[] obs = {0.4, -0.2};
        Measurement m = new Measurement(new DenseOperator(dense, Double.NaN), Nd4j.createFromArray(new double[][] {obs}), 0.2);
        double[][] truth = Arrays2.toMatrix(MixturePosterior.of(gaussian, dense, obs, 0.2).sample(400, new RandomStreams(1).get("exact")));
        double[] times = TimeSchedule.UNIFORM.times(process, 200, process.minTime(), 7);
        SampleResult r = new PigdmSampler(process, times, false, 1, std, PigdmSampler.Step.SCORE).sample(new OracleScore(gaussian, process),
                m, 400, new RandomStreams(2));
        double[][] samples = Arrays2.toMatrix(r.samples());
        assertThat(TwoSampleDistances.energyPermutationPValue(samples, truth, 200, new SplittableRandom(3)))
                .as("%s: energy distance %s", family, TwoSampleDistances.energyDistance(samples, truth)).isGreaterThan(0.01);
    }

    @Test
    void dpsCapsEachSamplesMoveAtItsBoundInRootMeanSquare() {
        var move = Nd4j.createFromArray(new double[][] {{3, 4}, {0.3, 0.4}, {0, 0}});
        double[][] capped = Arrays2.toMatrix(DpsSampler.capped(move, 1.0));
        assertThat(Math.sqrt((capped[0][0] * capped[0][0] + capped[0][1] * capped[0][1]) / 2)).isCloseTo(1.0, Offset.offset(1e-9));
        assertThat(capped[0][0] / capped[0][1]).isCloseTo(0.75, Offset.offset(1e-12));
        assertThat(capped[1]).containsExactly(0.3, 0.4);
        assertThat(capped[2]).containsExactly(0.0, 0.0);
    }

    /**
     * A denoiser whose Jacobian is fifty times too large at high noise, as a learned one's can be (the score itself
     * exact): the unbounded step (a huge κ) throws the samples hundreds of prior widths away; the default cap, σ_t′,
     * keeps them within a few, and with the exact Jacobian it moves the sampler's distance by under 0.02.
     */
    @Test
    void dpsCappedStepSurvivesALargeJacobianAtHighNoise() {
        ScoreModel inflated = new ScoreModel() {
            @Override
            public INDArray score(INDArray x, double t) {
                return score.score(x, t);
            }

            @Override
            public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
                ScoreAndVjp r = score.vjp(x, t, v);
                return t > 0.5 ? new ScoreAndVjp(r.score(), r.vjp().muli(50)) : r;
            }
        };
        double unbounded = distanceWith(new DpsSampler(sde, grid(100), true, 0.1, 1e9, 1), inflated);
        double capped = distanceWith(new DpsSampler(sde, grid(100), true, 0.1, 1, 1), inflated);
        assertThat(unbounded).as("unbounded %s, capped %s", unbounded, capped).isGreaterThan(100 * capped);
        assertThat(capped).isLessThan(1);
        double exactUnbounded = distanceWith(new DpsSampler(sde, grid(100), true, 0.1, 1e9, 1), score);
        assertThat(distanceWith(new DpsSampler(sde, grid(100), true, 0.1, 1, 1), score)).isCloseTo(exactUnbounded, Offset.offset(0.02));
    }

    private double distanceWith(PosteriorSampler sampler, ScoreModel model) {
        SampleResult r = sampler.sample(model, measurement, 400, new RandomStreams(2));
        return Arrays2.allFinite(r.samples()) ? TwoSampleDistances.energyDistance(Arrays2.toMatrix(r.samples()), exact) : Double.POSITIVE_INFINITY;
    }

    @Test
    void everyMethodCountsItsScoreEvaluationsPerSample() {
        double[] grid = grid(10);
        assertThat(nfe(new ReplacementSampler(sde, grid, false, 1, 1))).isEqualTo(10);
        assertThat(nfe(new ReplacementSampler(sde, grid, false, 5, 1))).isEqualTo(50);
        assertThat(nfe(new DpsSampler(sde, grid, false, 1.0, 1, 1))).isEqualTo(20);
        assertThat(nfe(new PigdmSampler(sde, grid, false, 1, 1, PigdmSampler.Step.SCORE))).isEqualTo(20);
        assertThat(nfe(new TwistedSmcSampler(sde, grid, false, 4, 1))).isEqualTo(2 * 11 * 4);
        assertThat(nfe(new PigdmSampler(sde, grid, true, 1, 1, PigdmSampler.Step.PROJECTION))).isEqualTo(21);
    }

    private long nfe(PosteriorSampler sampler) {
        return sampler.sample(score, measurement, 8, new RandomStreams(4)).nfe();
    }
}
