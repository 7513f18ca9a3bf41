package org.langevin.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FID, KID and precision/recall on feature sets whose relation is known. */
class FeatureDistancesTest {
    /** n points of N(shift, scale² I) in d dimensions, plus Gaussian noise of std {@code noise} on a copy of {@code base}. */
    private static double[][] gaussian(int n, int d, double shift, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) for (int j = 0; j < d; j++) row[j] = shift + scale * normal(r);
        return x;
    }

    private static double normal(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static double[][] noisy(double[][] base, double std, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[base.length][];
        for (int i = 0; i < base.length; i++) {
            x[i] = base[i].clone();
            for (int j = 0; j < x[i].length; j++) x[i][j] += std * normal(r);
        }
        return x;
    }

    @Test
    void frechetDistanceIsZeroForASetAgainstItselfGrowsWithNoiseAndMatchesTheGaussianClosedForm() {
        double[][] a = gaussian(4000, 6, 0, 1, 1);
        assertThat(FrechetDistance.of(a, a)).isCloseTo(0, within(1e-8));
        double previous = 0;
        for (double std : new double[] {0.1, 0.3, 0.6, 1.0}) {
            double fid = FrechetDistance.of(a, noisy(a, std, 2));
            assertThat(fid).as("noise %s", std).isGreaterThan(previous);
            previous = fid;
        }
        // N(0, I) against N(0.5·1, 1.5² I) in 6-D: ‖μ‖² + d (1 − 1.5)² = 1.5 + 1.5 = 3
        assertThat(FrechetDistance.of(a, gaussian(4000, 6, 0.5, 1.5, 3))).isCloseTo(3.0, within(0.15));
    }

    @Test
    void kernelDistanceIsUnbiasedAndSeesAShift() {
        double[][] a = gaussian(2000, 8, 0, 1, 4);
        double[][] b = gaussian(2000, 8, 0, 1, 5);
        KernelDistance.Estimate same = KernelDistance.of(a, b, 50, 500, new SplittableRandom(6));
        assertThat(Math.abs(same.value())).isLessThan(2 * same.stderr() + 1e-12);
        KernelDistance.Estimate shifted = KernelDistance.of(a, gaussian(2000, 8, 0.3, 1, 7), 50, 500, new SplittableRandom(6));
        assertThat(shifted.value()).isGreaterThan(10 * shifted.stderr());
    }

    @Test
    void precisionAndRecallAreOneForIdenticalSetsAndFallWithAShift() {
        double[][] a = gaussian(600, 4, 0, 1, 8);
        ManifoldPrecisionRecall identical = ManifoldPrecisionRecall.of(a, a, 3);
        assertThat(identical.precision()).isEqualTo(1.0);
        assertThat(identical.recall()).isEqualTo(1.0);
        ManifoldPrecisionRecall near = ManifoldPrecisionRecall.of(a, gaussian(600, 4, 0.5, 1, 9), 3);
        ManifoldPrecisionRecall far = ManifoldPrecisionRecall.of(a, gaussian(600, 4, 2.0, 1, 9), 3);
        assertThat(far.precision()).isLessThan(near.precision()).isLessThan(1.0);
        assertThat(far.recall()).isLessThan(near.recall()).isLessThan(1.0);
        // a generated set squeezed into the core of the data: precise, but it misses the data's tails
        ManifoldPrecisionRecall collapsed = ManifoldPrecisionRecall.of(a, gaussian(600, 4, 0, 0.3, 10), 3);
        assertThat(collapsed.precision()).isGreaterThan(0.9);
        assertThat(collapsed.recall()).isLessThan(0.5);
    }

    @Test
    void featureScoresOfTheDataItselfSitAtTheFloorAndAShiftRaisesThemAboveIt() {
        double[][] test = gaussian(500, 6, 0, 1, 11);
        double[][] train = gaussian(500, 6, 0, 1, 12);
        FeatureScores same = FeatureScores.of(test, test, train, new SplittableRandom(1));
        assertThat(same.fid()).isCloseTo(0, within(1e-8));
        assertThat(same.fidStderr()).isPositive();
        assertThat(same.precision()).isEqualTo(1.0);
        assertThat(same.recall()).isEqualTo(1.0);
        assertThat(same.fidFloor()).isPositive().isLessThan(0.5); // two draws of one law: only the estimator's bias at m = 500
        FeatureScores fresh = FeatureScores.of(gaussian(500, 6, 0, 1, 13), test, train, new SplittableRandom(1));
        assertThat(fresh.fid()).isCloseTo(fresh.fidFloor(), within(4 * fresh.fidStderr() + 0.1));
        // a fresh draw of the law is scored as the training rows are: both short of 1 at m = 500, by the same amount
        assertThat(fresh.precisionData()).isLessThan(1.0).isCloseTo(fresh.precision(), within(0.06));
        assertThat(fresh.recallData()).isLessThan(1.0).isCloseTo(fresh.recall(), within(0.06));
        FeatureScores shifted = FeatureScores.of(gaussian(500, 6, 1, 1, 13), test, train, new SplittableRandom(1));
        // ‖Δμ‖² = 6 for a unit shift of every coordinate
        assertThat(shifted.fid()).isCloseTo(6, within(1.0));
        assertThat(shifted.kid()).isGreaterThan(shifted.kidFloor() + 10 * shifted.kidStderr());
        assertThat(shifted.precision()).isLessThan(shifted.precisionData() - 0.2);
    }
}
