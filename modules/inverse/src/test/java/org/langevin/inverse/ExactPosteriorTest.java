package org.langevin.inverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Marginal;
import org.langevin.core.Measurement;
import org.langevin.core.MixtureFixtures;
import org.langevin.core.MixturePosterior;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.Sde;
import org.langevin.metrics.TwoSampleDistances;
import org.langevin.samplers.DdimSampler;
import org.langevin.samplers.TimeSchedule;
import org.langevin.sde.SubVpSde;
import org.langevin.sde.VeSde;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.factory.Nd4j;

/** The exact conditional score and the exact method against brute-force integrals and direct posterior draws. */
class ExactPosteriorTest {
    private static final GaussianMixture PRIOR_1D = GaussianMixture.of(new double[] {0.4, 0.6}, new double[][] {{-1}, {1.5}},
            new double[][][] {{{0.3}}, {{0.8}}});

    /** log p_t(x | y) by quadrature over x0: ∫ N(x; m x0, σ²) p(x0) N(y; a x0, σ_y²) dx0, normalised over x0. */
    private static double bruteForceLogDensity(double x, Marginal m, double a, double y, double noise) {
        double h = 1e-3;
        double joint = 0;
        double evidence = 0;
        for (double x0 = -10; x0 <= 10; x0 += h) {
            double prior = Math.exp(PRIOR_1D.logDensity(new double[][] {{x0}})[0]);
            double likelihood = Math.exp(-0.5 * Math.pow((y - a * x0) / noise, 2));
            double kernel = Math.exp(-0.5 * Math.pow((x - m.meanCoef() * x0) / m.std(), 2)) / (m.std() * Math.sqrt(2 * Math.PI));
            joint += kernel * prior * likelihood * h;
            evidence += prior * likelihood * h;
        }
        return Math.log(joint / evidence);
    }

    @Test
    void theExactConditionalScoreIsTheGradientOfTheBruteForceLogDensityUnderEveryFamily() {
        double a = 1.5;
        double y = 0.9;
        double noise = 0.4;
        Measurement measurement = new Measurement(new DenseOperator(new double[][] {{a}}, Double.NaN),
                Nd4j.createFromArray(new double[][] {{y}}), noise);
        for (Sde sde : List.<Sde>of(new VpSde(0.1, 20), new VeSde(0.01, 10), new SubVpSde(0.1, 20))) {
            var conditional = new ExactPosteriorSampler(PRIOR_1D, sde, null).conditionalScore(measurement, new double[] {y});
            for (double t : new double[] {0.05, 0.3, 0.7}) {
                Marginal m = sde.marginal(t);
                for (double x : new double[] {-1.2, 0.1, 0.9}) {
                    double h = 1e-4;
                    double fd = (bruteForceLogDensity(x + h, m, a, y, noise) - bruteForceLogDensity(x - h, m, a, y, noise)) / (2 * h);
                    double exact = conditional.score(Nd4j.createFromArray(new double[][] {{x}}), t).getDouble(0, 0);
                    assertThat(exact).as("%s t=%s x=%s", sde.getClass().getSimpleName(), t, x).isCloseTo(fd, within(2e-4 * (1 + Math.abs(fd))));
                    assertThat(conditional.logDensity(Nd4j.createFromArray(new double[][] {{x}}), t)[0])
                            .isCloseTo(bruteForceLogDensity(x, m, a, y, noise), within(1e-5));
                }
            }
        }
    }

    private static SampleResult exactSamples(GaussianMixture prior, Measurement measurement, int n, boolean denoise, long seed) {
        VpSde sde = new VpSde(0.1, 20);
        DdimSampler ddim = new DdimSampler(sde, 1.0, TimeSchedule.UNIFORM.times(sde, 500, 1e-3, 7), 100_000, denoise);
        return new ExactPosteriorSampler(prior, sde, ddim).sample(null, measurement, n, new RandomStreams(seed));
    }

    @Test
    void exactSamplesPassATwoSampleTestAgainstDirectPosteriorDraws() {
        GaussianMixture prior = MixtureFixtures.fullCovariance3d();
        double[][] a = {{1.0, -0.5, 0.3}, {0.2, 0.8, -1.0}};
        double[] y = {0.5, -1.2};
        Measurement measurement = new Measurement(new DenseOperator(a, Double.NaN), Nd4j.createFromArray(new double[][] {y}), 0.3);
        SampleResult r = exactSamples(prior, measurement, 500, false, 7);
        double[][] direct = Arrays2.toMatrix(MixturePosterior.of(prior, a, y, 0.3).sample(500, new RandomStreams(8).get("direct")));
        double p = TwoSampleDistances.energyPermutationPValue(Arrays2.toMatrix(r.samples()), direct, 200, new SplittableRandom(3));
        assertThat(p).isGreaterThan(0.01);
        assertThat(r.nfe()).isEqualTo(500);
    }

    @Test
    void withAlmostNoNoiseTheSamplesMatchTheObservedCoordinates() {
        double noise = 1e-3;
        double[] y = {0.7, -0.4};
        Measurement measurement = new Measurement(CoordinateMask.of(new boolean[] {true, false, true}),
                Nd4j.createFromArray(new double[][] {y}), noise);
        double[][] x = Arrays2.toMatrix(exactSamples(MixtureFixtures.fullCovariance3d(), measurement, 300, true, 11).samples());
        double sq = 0;
        for (double[] row : x) sq += Math.pow(row[0] - y[0], 2) + Math.pow(row[2] - y[1], 2);
        assertThat(Math.sqrt(sq / (2 * x.length))).isLessThan(noise);
    }
}
