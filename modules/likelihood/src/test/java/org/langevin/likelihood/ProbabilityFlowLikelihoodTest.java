package org.langevin.likelihood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.LikelihoodResult;
import org.langevin.core.Marginal;
import org.langevin.core.MixtureFixtures;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sde;
import org.langevin.data.ToyDistributions;
import org.langevin.likelihood.ProbabilityFlowLikelihood.Divergence;
import org.langevin.likelihood.ProbabilityFlowLikelihood.Probe;
import org.langevin.score.OracleScore;
import org.langevin.sde.InterpolantSde;
import org.langevin.sde.SubVpSde;
import org.langevin.sde.VeSde;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The probability-flow likelihood of the exact score must reproduce the exact mixture density. */
class ProbabilityFlowLikelihoodTest {
    private final VpSde sde = new VpSde(0.1, 20);

    /** The VP SDE with its prior replaced by the exact p_T of the mixture (N(0, I) is only approximately p_T). */
    private Sde withExactPrior(GaussianMixture mixture) {
        return withExactPrior(sde, mixture);
    }

    private static Sde withExactPrior(Sde sde, GaussianMixture mixture) {
        GaussianMixture pT = mixture.perturbed(sde.marginal(sde.horizon()));
        return new Sde() {
            public double driftCoefficient(double t) {
                return sde.driftCoefficient(t);
            }

            public double diffusion(double t) {
                return sde.diffusion(t);
            }

            public Marginal marginal(double t) {
                return sde.marginal(t);
            }

            public double horizon() {
                return sde.horizon();
            }

            public double minTime() {
                return sde.minTime();
            }

            public double priorStd() {
                return 1.0;
            }

            @Override
            public double[] priorLogDensity(INDArray x) {
                return pT.logDensity(Arrays2.toMatrix(x));
            }
        };
    }

    private void assertExactNll(GaussianMixture mixture, int n, double tolerance, double bound) {
        assertExactNll(sde, mixture, n, tolerance, bound);
    }

    private void assertExactNll(Sde sde, GaussianMixture mixture, int n, double tolerance, double bound) {
        RandomStreams streams = new RandomStreams(9);
        INDArray x = mixture.sample(n, streams.get("points"));
        ProbabilityFlowLikelihood estimator = new ProbabilityFlowLikelihood(sde, Divergence.EXACT, Probe.RADEMACHER, 1, tolerance,
                tolerance, 1e-5, 1000);
        LikelihoodResult r = estimator.logDensity(new OracleScore(mixture, sde), x, streams);
        double[] exact = mixture.logDensity(Arrays2.toMatrix(x));
        double meanExact = 0;
        double meanAbsError = 0;
        for (int i = 0; i < n; i++) {
            meanExact += exact[i] / n;
            meanAbsError += Math.abs(r.logDensity()[i] - exact[i]) / n;
            assertThat(r.logDensity()[i]).isCloseTo(r.priorTerm()[i] + r.integralTerm()[i], within(1e-12));
        }
        assertThat(r.meanLogDensity()).isCloseTo(meanExact, within(bound));
        assertThat(meanAbsError).isLessThan(bound);
        assertThat(r.nfe()).isPositive();
    }

    @Test
    void oracleNllOfTheRingMatchesTheExactDensityWithin1e3Nats() {
        assertExactNll(ToyDistributions.ring(8, 4.0, 0.5), 300, 1e-5, 1e-3);
    }

    @Test
    void oracleNllOfAFullCovarianceMixtureIn3dConvergesToTheExactDensity() {
        // with the exact p_T as prior only the solver's error (and the eps bias, ~1e-6) remains, and it shrinks with
        // the tolerance; with N(0, I) the prior mismatch of VP at T = 1 (means m(1)·μ ≈ 0.02 here) adds ~6e-3 per point
        Sde exact = withExactPrior(MixtureFixtures.fullCovariance3d());
        assertExactNll(exact, MixtureFixtures.fullCovariance3d(), 200, 1e-5, 1e-3);
        assertExactNll(exact, MixtureFixtures.fullCovariance3d(), 200, 1e-8, 2e-5);
    }

    @Test
    void hutchinsonIsUnbiasedWithinItsErrorBars() {
        GaussianMixture mixture = ToyDistributions.ring(8, 4.0, 0.5);
        RandomStreams streams = new RandomStreams(10);
        INDArray x = mixture.sample(200, streams.get("points"));
        ProbabilityFlowLikelihood hutch = new ProbabilityFlowLikelihood(sde, Divergence.HUTCHINSON, Probe.RADEMACHER, 4, 1e-5, 1e-5, 1e-5, 1000);
        LikelihoodResult r = hutch.logDensity(new OracleScore(mixture, sde), x, streams);
        double exact = 0;
        for (double v : mixture.logDensity(Arrays2.toMatrix(x))) exact += v / 200;
        // the same points are evaluated both ways, so only the probe noise separates them: within 4 probe standard errors
        assertThat(Math.abs(r.meanLogDensity() - exact)).isLessThan(4 * r.probeStderr() + 1e-3);
    }

    @Test
    void chunkingDoesNotChangeTheExactAnswerBeyondTheTolerance() {
        GaussianMixture mixture = ToyDistributions.ring(8, 4.0, 0.5);
        RandomStreams streams = new RandomStreams(12);
        INDArray x = mixture.sample(100, streams.get("points"));
        OracleScore oracle = new OracleScore(mixture, sde);
        double whole = new ProbabilityFlowLikelihood(sde, Divergence.EXACT, Probe.RADEMACHER, 1, 1e-6, 1e-6, 1e-5, 1000).logDensity(oracle,
                x, streams).meanLogDensity();
        double chunked = new ProbabilityFlowLikelihood(sde, Divergence.EXACT, Probe.RADEMACHER, 1, 1e-6, 1e-6, 1e-5, 30).logDensity(oracle,
                x, streams).meanLogDensity();
        assertThat(chunked).isCloseTo(whole, within(1e-4));
    }

    static Stream<Arguments> sdesAndData() {
        List<Arguments> out = new ArrayList<>();
        for (Sde family : List.of(new VpSde(0.1, 20), new SubVpSde(0.1, 20), new VeSde(0.01, 50),
                new InterpolantSde.RectifiedFlow(0.999), new InterpolantSde.Trigonometric(0.999))) {
            out.add(Arguments.of(family.getClass().getSimpleName(), family, "ring", ToyDistributions.ring(8, 4.0, 0.5)));
            out.add(Arguments.of(family.getClass().getSimpleName(), family, "5-D", MixtureFixtures.fullCovariance5d()));
        }
        return out.stream();
    }

    /**
     * Under vp, subvp, ve and the rectified-flow and trigonometric interpolants, with the prior moment-matched to the data at T: exact
     * divergence gives mean
     * |log p - exact log density| ≤ 1e-3 nats, and Hutchinson's mean lies within 2 of its probe standard errors.
     * (With the SDE's own N(0, s_T² I) prior the truncation at T adds, on these points: VP 5-D 6.9e-3, VE ring 2.5e-3,
     * VE 5-D 2.1e-2 nats.)
     */
    @ParameterizedTest(name = "{0} on {2}")
    @MethodSource("sdesAndData")
    void oracleLikelihoodUnderEachSdeMatchesTheExactDensity(String name, Sde family, String label, GaussianMixture mixture) {
        RandomStreams streams = new RandomStreams(31);
        INDArray x = mixture.sample(200, streams.get("points"));
        OracleScore oracle = new OracleScore(mixture, family);
        var prior = ProbabilityFlowLikelihood.momentMatched(family, MixtureFixtures.mean(mixture), MixtureFixtures.covariance(mixture));
        var options = new ProbabilityFlowLikelihood.Options(ProbabilityFlowLikelihood.Solver.DOPRI5, 1e-5, 1e-5, 0, 1e-5, 1000);
        LikelihoodResult exact = new ProbabilityFlowLikelihood(family, Divergence.EXACT, Probe.RADEMACHER, 1, options, prior)
                .logDensity(oracle, x, streams);
        double[] truth = mixture.logDensity(Arrays2.toMatrix(x));
        double mae = 0;
        double meanTruth = 0;
        for (int i = 0; i < truth.length; i++) {
            mae += Math.abs(exact.logDensity()[i] - truth[i]) / truth.length;
            meanTruth += truth[i] / truth.length;
        }
        assertThat(mae).as("%s %s mean abs error", name, label).isLessThan(1e-3);
        LikelihoodResult hutch = new ProbabilityFlowLikelihood(family, Divergence.HUTCHINSON, Probe.RADEMACHER, 8, options, prior)
                .logDensity(oracle, x, streams);
        assertThat(Math.abs(hutch.meanLogDensity() - exact.meanLogDensity())).as("%s %s Hutchinson", name, label)
                .isLessThan(2 * hutch.probeStderr() + 1e-3);
    }

    @Test
    void fixedStepSolversConvergeToTheAdaptiveAnswer() {
        GaussianMixture mixture = ToyDistributions.ring(8, 4.0, 0.5);
        RandomStreams streams = new RandomStreams(32);
        INDArray x = mixture.sample(100, streams.get("points"));
        OracleScore oracle = new OracleScore(mixture, sde);
        double adaptive = new ProbabilityFlowLikelihood(sde, Divergence.EXACT, Probe.RADEMACHER, 1, 1e-8, 1e-8, 1e-5, 1000)
                .logDensity(oracle, x, streams).meanLogDensity();
        for (var solver : List.of(ProbabilityFlowLikelihood.Solver.HEUN, ProbabilityFlowLikelihood.Solver.RK4)) {
            var options = new ProbabilityFlowLikelihood.Options(solver, 0, 0, 400, 1e-5, 1000);
            LikelihoodResult r = new ProbabilityFlowLikelihood(sde, Divergence.EXACT, Probe.RADEMACHER, 1, options).logDensity(oracle, x, streams);
            assertThat(r.meanLogDensity()).as("%s", solver).isCloseTo(adaptive, within(2e-3));
            assertThat(r.nfe()).isEqualTo(400L * (solver == ProbabilityFlowLikelihood.Solver.HEUN ? 2 : 4));
        }
    }

    /** The reported standard error across Hutchinson probes matches the spread of independent repeated estimates. */
    @Test
    void hutchinsonStandardErrorMatchesTheObservedSpread() {
        GaussianMixture mixture = ToyDistributions.ring(8, 4.0, 0.5);
        INDArray x = mixture.sample(100, new RandomStreams(51).get("points"));
        OracleScore oracle = new OracleScore(mixture, sde);
        ProbabilityFlowLikelihood hutch = new ProbabilityFlowLikelihood(sde, Divergence.HUTCHINSON, Probe.RADEMACHER, 4, 1e-5, 1e-5, 1e-5, 1000);
        int repeats = 30;
        double[] means = new double[repeats];
        double reported = 0;
        for (int r = 0; r < repeats; r++) {
            LikelihoodResult result = hutch.logDensity(oracle, x, new RandomStreams(1000 + r));
            means[r] = result.meanLogDensity();
            reported += result.probeStderr() / repeats;
        }
        double mean = Arrays2.mean(means);
        double var = 0;
        for (double m : means) var += (m - mean) * (m - mean) / (repeats - 1);
        double observed = Math.sqrt(var);
        assertThat(reported / observed).isBetween(0.6, 1.6);
    }

    /** NFE at rtol = atol = 1e-5 on the ring under VP is within 20 % of SciPy RK45's 86 in the shared reference. */
    @Test
    void nfeMatchesTheReferenceSolver() {
        GaussianMixture mixture = ToyDistributions.ring(8, 4.0, 0.5);
        RandomStreams streams = new RandomStreams(0);
        INDArray x = mixture.sample(1000, streams.get("points"));
        LikelihoodResult r = new ProbabilityFlowLikelihood(sde, Divergence.EXACT, Probe.RADEMACHER, 1, 1e-5, 1e-5, 1e-5, 1000)
                .logDensity(new OracleScore(mixture, sde), x, streams);
        assertThat(r.nfe()).isBetween(69L, 103L);
    }
}
