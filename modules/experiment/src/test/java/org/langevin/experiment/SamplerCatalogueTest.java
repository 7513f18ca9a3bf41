package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.core.Arrays2;
import org.langevin.core.Descriptor;
import org.langevin.core.GaussianMixture;
import org.langevin.core.MixtureFixtures;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.metrics.TwoSampleDistances;

/**
 * Every generative sampler, at its default settings and with the exact score, produces samples that a two-sample
 * test (energy distance, permutation p-value) cannot tell from exact samples at the 1 % level, for a 2-D and a 5-D
 * Gaussian mixture with full covariances.
 */
public class SamplerCatalogueTest {
    /** Every registered sampler that generates from the prior (read from the registry, not listed here). */
    public static final List<String> GENERATIVE = names(false);
    /** Every registered sampler that samples a fixed noise level's equilibrium by MCMC. */
    static final List<String> EQUILIBRIUM = names(true);

    static List<String> names(boolean equilibrium) {
        return Catalogue.samplers().all().values().stream().map(m -> m.descriptor())
                .filter(d -> d.has(Descriptor.Need.EQUILIBRIUM) == equilibrium).map(d -> d.name()).toList();
    }

    static final List<String> GMM_2D = List.of("data.type=gmm", "data.weights=[0.3, 0.7]", "data.means=[[-2, 1], [2, -1]]",
            "data.covariances=[[[0.5, 0.2], [0.2, 0.3]], [[0.2, 0.0], [0.0, 0.6]]]");

    static List<String> gmm5d() {
        var p = MixtureFixtures.fullCovariance5d();
        StringBuilder w = new StringBuilder("[");
        StringBuilder m = new StringBuilder("[");
        StringBuilder c = new StringBuilder("[");
        for (int k = 0; k < p.components(); k++) {
            w.append(k == 0 ? "" : ",").append(p.weight(k));
            m.append(k == 0 ? "" : ",").append(Arrays.toString(p.mean(k)));
            c.append(k == 0 ? "" : ",").append(Arrays.deepToString(p.covariance(k)));
        }
        return List.of("data.type=gmm", "data.weights=" + w + "]", "data.means=" + m + "]", "data.covariances=" + c + "]");
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<String> ve2d = new ArrayList<>(GMM_2D);
        ve2d.add("sde.type=ve");
        for (String sampler : GENERATIVE) {
            out.add(Arguments.of(sampler, "2-D", GMM_2D));
            out.add(Arguments.of(sampler, "5-D", gmm5d()));
            out.add(Arguments.of(sampler, "2-D under VE", ve2d));
        }
        List<String> adjusted = new ArrayList<>(GMM_2D);
        adjusted.add("sampler.corrector=mala"); // the Metropolis-adjusted corrector, testing each move against log p_t
        out.add(Arguments.of("pc", "2-D with the Metropolis-adjusted corrector", adjusted));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on the {1} mixture")
    @MethodSource("cases")
    void samplesAreIndistinguishableFromExactSamples(String sampler, String label, List<String> data) {
        List<String> sets = new ArrayList<>(data);
        sets.addAll(List.of("score.type=oracle", "sampler.type=" + sampler));
        ExperimentParts parts = ExperimentParts.build(ExperimentConfig.load(null, sets));
        GaussianMixture truth = parts.data().truth().orElseThrow();
        int n = 800;
        SampleResult r = parts.sampler().sample(parts.score(), n, truth.dim(), new RandomStreams(17));
        assertThat(r.nfe()).isPositive();
        double[][] exact = Arrays2.toMatrix(truth.sample(n, new RandomStreams(18).get("exact")));
        double p = TwoSampleDistances.energyPermutationPValue(Arrays2.toMatrix(r.samples()), exact, 200, new SplittableRandom(19));
        assertThat(p).as("%s %s: p-value (NFE %d)", sampler, label, r.nfe()).isGreaterThan(0.01);
        double[][] samples = Arrays2.toMatrix(r.samples());
        assertThat(momentZ(samples, truth)).as("%s %s: largest moment |z|", sampler, label).isLessThan(bonferroniZ(2 * truth.dim()));
    }

    /** The two-sided 1 % critical |z| of the largest of {@code tests} z-statistics (Bonferroni). */
    static double bonferroniZ(int tests) {
        return new NormalDistribution().inverseCumulativeProbability(1 - 0.01 / (2 * tests));
    }

    /**
     * The largest |z| of the samples' per-coordinate first and second moments against the law's closed form: where the
     * energy distance at this size cannot see a spread 5 % too wide, the second moments can.
     */
    static double momentZ(double[][] samples, GaussianMixture law) {
        double worst = 0;
        for (int j = 0; j < samples[0].length; j++) {
            double[] raw = rawMoments(law, j);
            for (int power = 1; power <= 2; power++) {
                double m = raw[power];
                double variance = raw[2 * power] - m * m;
                double mean = 0;
                for (double[] x : samples) mean += Math.pow(x[j], power) / samples.length;
                worst = Math.max(worst, Math.abs(mean - m) / Math.sqrt(variance / samples.length));
            }
        }
        return worst;
    }

    /** E[x_j^k] for k = 0..4 of a Gaussian mixture: per component μ, μ² + s², μ³ + 3μs², μ⁴ + 6μ²s² + 3s⁴. */
    private static double[] rawMoments(GaussianMixture law, int j) {
        double[] out = new double[5];
        for (int c = 0; c < law.components(); c++) {
            double mu = law.mean(c)[j];
            double s2 = law.covariance(c)[j][j];
            double w = law.weight(c);
            out[0] += w;
            out[1] += w * mu;
            out[2] += w * (mu * mu + s2);
            out[3] += w * (mu * mu * mu + 3 * mu * s2);
            out[4] += w * (mu * mu * mu * mu + 6 * mu * mu * s2 + 3 * s2 * s2);
        }
        return out;
    }

    /** The 2-D mixture with its means 5 % farther out: the score of a slightly wrong law. */
    static final List<String> GMM_2D_SHIFTED = List.of("data.type=gmm", "data.weights=[0.3, 0.7]", "data.means=[[-2.1, 1.05], [2.1, -1.05]]",
            "data.covariances=[[[0.5, 0.2], [0.2, 0.3]], [[0.2, 0.0], [0.0, 0.6]]]");

    static List<String> generative() {
        return GENERATIVE;
    }

    /**
     * The negative control of the test above: each sampler driven by the exact score of a mixture whose means lie 5 %
     * farther out gives samples whose moments the same check tells apart from the true mixture's (the energy test alone,
     * p 0.04 to 0.19 here, does not), so passing it says something.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("generative")
    void aScoreOfASlightlyWrongLawIsDetected(String sampler) {
        List<String> sets = new ArrayList<>(GMM_2D_SHIFTED);
        sets.addAll(List.of("score.type=oracle", "sampler.type=" + sampler));
        ExperimentParts wrong = ExperimentParts.build(ExperimentConfig.load(null, sets));
        GaussianMixture truth = ExperimentParts.build(ExperimentConfig.load(null, GMM_2D)).data().truth().orElseThrow();
        SampleResult r = wrong.sampler().sample(wrong.score(), 800, 2, new RandomStreams(17));
        assertThat(momentZ(Arrays2.toMatrix(r.samples()), truth)).as("%s: largest moment |z| against the true law", sampler)
                .isGreaterThan(bonferroniZ(4));
    }

    static List<String> equilibrium() {
        return EQUILIBRIUM;
    }

    /** Langevin MCMC targets exp(-U/kT) with U = -log p: for Gaussian data at kT = 2 that is N(μ, 2Σ) exactly. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("equilibrium")
    void langevinMonteCarloSamplesTheBoltzmannLaw(String sampler) {
        ExperimentParts parts = ExperimentParts.build(ExperimentConfig.load(null, List.of("data.type=gaussian", "data.mean=[1.0, -0.5]",
                "data.covariance=[[0.5, 0.2], [0.2, 0.3]]", "score.type=oracle", "sampler.type=" + sampler, "sampler.temperature=2.0",
                "sampler.steps=1000")));
        GaussianMixture boltzmann = GaussianMixture.of(new double[] {1}, new double[][] {{1.0, -0.5}}, new double[][][] {{{1.0, 0.4}, {0.4, 0.6}}});
        SampleResult r = parts.sampler().sample(parts.score(), 800, 2, new RandomStreams(23));
        double[][] exact = Arrays2.toMatrix(boltzmann.sample(800, new RandomStreams(24).get("exact")));
        double p = TwoSampleDistances.energyPermutationPValue(Arrays2.toMatrix(r.samples()), exact, 200, new SplittableRandom(25));
        assertThat(p).as("%s p-value", sampler).isGreaterThan(0.01);
        // at kT = 1 the same chains are measurably narrower than the kT = 2 law
        ExperimentParts cold = ExperimentParts.build(ExperimentConfig.load(null, List.of("data.type=gaussian", "data.mean=[1.0, -0.5]",
                "data.covariance=[[0.5, 0.2], [0.2, 0.3]]", "score.type=oracle", "sampler.type=" + sampler, "sampler.steps=1000")));
        double[][] coldSamples = Arrays2.toMatrix(cold.sampler().sample(cold.score(), 800, 2, new RandomStreams(23)).samples());
        assertThat(TwoSampleDistances.energyPermutationPValue(coldSamples, exact, 200, new SplittableRandom(26))).isLessThan(0.01);
    }
}
