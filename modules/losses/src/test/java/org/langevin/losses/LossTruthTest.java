package org.langevin.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Loss;
import org.langevin.core.MixtureFixtures;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sde;
import org.langevin.score.OracleScore;
import org.langevin.sde.BrownianSde;
import org.langevin.sde.SubVpSde;
import org.langevin.sde.VeSde;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Each loss evaluated on the exact score of a Gaussian mixture under the VP SDE has the value the theory gives. With
 * F = E_t λ E_{p_t}‖∇log p_t‖² (the λ-weighted Fisher information, by independent Monte Carlo):
 * DSM(s*) = E_t λ D/σ² - F, and SSM(s*) = SSM-VR(s*) = ESM(s*) = -F/2; shifting the score by c adds the Fisher
 * divergence E_t λ ‖c‖² to DSM and half of it to the others.
 */
class LossTruthTest {
    private static final double EPS = 1e-3;
    private final VpSde sde = new VpSde(0.1, 20);
    private final GaussianMixture mixture = MixtureFixtures.fullCovariance2d();
    private final OracleScore oracle = new OracleScore(mixture, sde);
    private final NoiseLevels sigma2 = new NoiseLevels(sde, EPS, NoiseLevels.Weighting.SIGMA2, false);

    /** Mean and standard error of a loss over independent batches. */
    private double[] estimate(Loss loss, FrozenScore score, int batches, int n, long seed) {
        RandomStreams streams = new RandomStreams(seed);
        double[] values = new double[batches];
        for (int b = 0; b < batches; b++) values[b] = loss.evaluate(score, mixture.sample(n, streams.get("data")), streams).loss();
        return meanAndStderr(values);
    }

    private static double[] meanAndStderr(double[] values) {
        return new double[] {Arrays2.mean(values), Arrays2.stderr(values)};
    }

    /** E_t λ(t) E_{p_t} ‖s*‖² and E_t λ(t) / σ_t², t ~ U(eps, T), with standard errors. */
    private double[][] fisherInformation(NoiseLevels levels, int n, long seed) {
        RandomStreams streams = new RandomStreams(seed);
        double[] u = streams.get("t").uniform(DataType.DOUBLE, EPS, sde.horizon(), n).toDoubleVector();
        double[] info = new double[n];
        double[] inverse = new double[n];
        RandomStream draws = streams.get("x");
        for (int i = 0; i < n; i++) {
            INDArray x = oracle.marginal(u[i]).sample(1, draws);
            INDArray s = oracle.score(x, u[i]);
            info[i] = levels.lambda(u[i]) * s.mul(s).sumNumber().doubleValue();
            inverse[i] = levels.lambda(u[i]) / sde.marginal(u[i]).variance();
        }
        return new double[][] {meanAndStderr(info), meanAndStderr(inverse)};
    }

    private static void assertWithin(double[] estimate, double expected, double expectedStderr, String what) {
        double tolerance = 4 * Math.hypot(estimate[1], expectedStderr);
        assertThat(estimate[0]).as("%s: %s ± %s vs %s", what, estimate[0], estimate[1], expected).isBetween(expected - tolerance, expected
                + tolerance);
    }

    @Test
    void dsmOfTheOracleIsTheKnownConstantAndAShiftAddsTheFisherDivergence() {
        double[][] ref = fisherInformation(sigma2, 6000, 1);
        double constant = 2 * ref[1][0] - ref[0][0]; // D E λ/σ² - F with D = 2 (λ/σ² = 1 for sigma2)
        Loss dsm = new DenoisingScoreMatching(sigma2);
        double[] exact = estimate(dsm, new FrozenScore(oracle), 6, 2000, 2);
        assertWithin(exact, constant, ref[0][1], "DSM(s*)");
        // the same draws for the shifted score: the difference is the Fisher divergence E_t σ² ‖c‖²
        double[] shifted = estimate(dsm, new FrozenScore(oracle, 0.3, -0.4), 6, 2000, 2);
        assertWithin(new double[] {shifted[0] - exact[0], shifted[1]}, 0.25 * meanSigma2(), 0, "DSM(s* + c) - DSM(s*)");
    }

    /** E_{t~U(eps,T)} σ_t² for the VP SDE, σ² = 1 - e^{-B(t)}: ∫ e^{-B} dt by the midpoint rule. */
    private double meanSigma2() {
        int k = 100_000;
        double h = (sde.horizon() - EPS) / k;
        double sum = 0;
        for (int i = 0; i < k; i++) sum += 1 - sde.marginal(EPS + (i + 0.5) * h).variance();
        return (sde.horizon() - EPS - sum * h) / (sde.horizon() - EPS);
    }

    @Test
    void slicedAndExactScoreMatchingOfTheOracleAgreeWithMinusHalfTheFisherInformation() {
        double[][] ref = fisherInformation(sigma2, 6000, 3);
        double expected = -0.5 * ref[0][0];
        double stderr = 0.5 * ref[0][1];
        FrozenScore exact = new FrozenScore(oracle);
        assertWithin(estimate(new ExactScoreMatching(sigma2), exact, 6, 1500, 4), expected, stderr, "ESM(s*)");
        for (SlicedScoreMatching.Projection projection : SlicedScoreMatching.Projection.values()) {
            assertWithin(estimate(new SlicedScoreMatching(sigma2, 1, projection, true, 0.01), exact, 6, 1500, 5), expected, stderr,
                    "SSM-VR(s*), " + projection);
        }
        assertWithin(estimate(new SlicedScoreMatching(sigma2, 2, SlicedScoreMatching.Projection.RADEMACHER, false, 0.01), exact, 6, 1500, 6),
                expected, stderr, "SSM(s*)");
        // a shift by c adds half the Fisher divergence ½ E_t σ² ‖c‖²
        double[] esm = estimate(new ExactScoreMatching(sigma2), exact, 6, 1500, 7);
        double[] esmShifted = estimate(new ExactScoreMatching(sigma2), new FrozenScore(oracle, 0.3, -0.4), 6, 1500, 7);
        assertWithin(new double[] {esmShifted[0] - esm[0], esmShifted[1]}, 0.5 * 0.25 * meanSigma2(), 0, "ESM(s* + c) - ESM(s*)");
    }

    @Test
    void importanceSamplingOfTimeEstimatesTheSameLikelihoodWeightedObjective() {
        NoiseLevels uniform = new NoiseLevels(sde, EPS, NoiseLevels.Weighting.LIKELIHOOD, false);
        NoiseLevels importance = new NoiseLevels(sde, EPS, NoiseLevels.Weighting.LIKELIHOOD, true);
        double[] a = estimate(new ExactScoreMatching(uniform), new FrozenScore(oracle), 6, 1500, 8);
        double[] b = estimate(new ExactScoreMatching(importance), new FrozenScore(oracle), 6, 1500, 9);
        assertWithin(a, b[0], b[1], "ESM, likelihood weighting: uniform vs importance t");
        // the importance weights average to E_U[g²] = (B(T) - B(eps)) / (T - eps)
        double[] t = importance.draw(200_000, new RandomStreams(10).get("t"));
        double[] w = new double[t.length];
        for (int i = 0; i < t.length; i++) w[i] = importance.weight(t[i]);
        double b1 = 0.1 + 0.5 * 19.9;
        double b0 = 0.1 * EPS + 0.5 * 19.9 * EPS * EPS;
        assertWithin(meanAndStderr(w), (b1 - b0) / (1 - EPS), 0, "mean importance weight");
    }

    @Test
    void importanceSamplingInvertsTheCdfOfQExactlyForEverySdeFamily() {
        for (Sde family : new Sde[] {sde, new VeSde(0.01, 50),
                new SubVpSde(0.1, 20), new BrownianSde(1.0, 50)}) {
            NoiseLevels levels = new NoiseLevels(family, EPS, NoiseLevels.Weighting.LIKELIHOOD, true);
            double lo = Math.log(family.noiseToSignal(EPS));
            double hi = Math.log(family.noiseToSignal(family.horizon()));
            for (double u = 0; u <= 1.0; u += 0.0137) {
                // the CDF of q is linear in log(σ/m): F(t) = (log r(t) - log r(eps)) / (log r(T) - log r(eps))
                double t = levels.inverseCdf(u);
                assertThat((Math.log(family.noiseToSignal(t)) - lo) / (hi - lo)).as("%s, u = %s", family.getClass().getSimpleName(), u)
                        .isCloseTo(u, Assertions.within(1e-9));
            }
        }
    }

    @Test
    void kernelSteinDiscrepancyVanishesForTheTrueScoreAsSamplesGrowAndNotForAWrongOne() {
        NoiseLevels flat = new NoiseLevels(sde, EPS, NoiseLevels.Weighting.UNIFORM, false);
        for (KernelSteinDiscrepancy.Kernel kernel : KernelSteinDiscrepancy.Kernel.values()) {
          for (KernelSteinDiscrepancy.Bandwidth bandwidth : List.of(new KernelSteinDiscrepancy.Bandwidth.Median(),
                  new KernelSteinDiscrepancy.Bandwidth.Fixed(1.0))) {
            KernelSteinDiscrepancy ksd = new KernelSteinDiscrepancy(flat, kernel, bandwidth, 1);
            double small = meanAbs(ksd, new FrozenScore(oracle), 100, 11);
            double large = meanAbs(ksd, new FrozenScore(oracle), 1600, 12);
            double wrong = estimate(ksd, new FrozenScore(oracle, 1.0, -1.0), 8, 400, 13)[0];
            assertThat(large).as("%s %s: |KSD²| at n = 1600 vs n = 100", kernel, bandwidth).isLessThan(small / 4);
            assertThat(wrong).as("%s: KSD² of a wrong score", kernel).isGreaterThan(20 * large);
          }
        }
    }

    /** The nearest-neighbour bandwidth on a square lattice of spacing a: every point's 3rd-nearest neighbour is at a (or a√2 at a corner). */
    @Test
    void theNeighbourBandwidthIsTheLatticeSpacingInAnyUnits() {
        for (double a : new double[] {0.01, 1.0, 250.0}) {
            double[][] grid = new double[100][];
            for (int i = 0; i < 100; i++) grid[i] = new double[] {a * (i % 10), a * (i / 10)};
            assertThat(KernelSteinDiscrepancy.neighbourDistance(grid, 0, 100, 3)).as("spacing %s", a).isCloseTo(a, within(1e-12 * a));
            assertThat(KernelSteinDiscrepancy.neighbourDistance(grid, 0, 100, 5)).as("spacing %s, k = 5", a).isCloseTo(a * Math.sqrt(2),
                    within(1e-12 * a));
        }
    }

    private double meanAbs(Loss loss, FrozenScore score, int n, long seed) {
        RandomStreams streams = new RandomStreams(seed);
        double sum = 0;
        for (int b = 0; b < 8; b++) sum += Math.abs(loss.evaluate(score, mixture.sample(n, streams.get("data")), streams).loss());
        return sum / 8;
    }
}
