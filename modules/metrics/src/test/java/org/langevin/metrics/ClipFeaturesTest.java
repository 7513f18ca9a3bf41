package org.langevin.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Clip label consistency and the clip feature distance on cases whose answers are known. */
class ClipFeaturesTest {
    private static final int FRAMES = 8;
    private static final int D = 4;

    @Test
    void consistencyCountsTheClipsWhoseFramesShareOneClass() {
        assertThat(ClipFeatures.labelConsistency(new int[] {1, 1, 1, 2, 2, 3, 0, 0, 0, 5, 5, 5}, 3)).isEqualTo(0.75);
    }

    @Test
    void aClipIsDescribedByItsMeanFeaturesAndTheirMeanChange() {
        double[][] frames = {{0, 1}, {2, 1}, {1, 4}};
        double[][] clip = ClipFeatures.describe(frames, 3);
        assertThat(clip).hasDimensions(1, 4);
        assertThat(clip[0]).containsExactly(new double[] {1, 2, 1.5, 1.5}, within(1e-12));
    }

    /** Per-frame features of clips that drift smoothly: a random start and direction per clip, a little noise per frame. */
    private static double[][] drifting(int clips, SplittableRandom random) {
        double[][] rows = new double[clips * FRAMES][D];
        for (int c = 0; c < clips; c++) {
            double[] start = new double[D];
            double[] step = new double[D];
            for (int j = 0; j < D; j++) {
                start[j] = random.nextGaussian();
                step[j] = 0.3 * random.nextGaussian();
            }
            for (int f = 0; f < FRAMES; f++) {
                for (int j = 0; j < D; j++) rows[c * FRAMES + f][j] = start[j] + step[j] * f + 0.05 * random.nextGaussian();
            }
        }
        return rows;
    }

    @Test
    void shuffledFramesRaiseTheDistanceAboveTheDataFloor() {
        SplittableRandom random = new SplittableRandom(7);
        double[][] train = ClipFeatures.describe(drifting(400, random), FRAMES);
        double[][] test = ClipFeatures.describe(drifting(400, random), FRAMES);
        double[][] same = drifting(400, random);
        double[][] shuffled = new double[same.length][];
        int[] order = {3, 0, 6, 1, 7, 2, 5, 4};
        for (int c = 0; c < 400; c++) for (int f = 0; f < FRAMES; f++) shuffled[c * FRAMES + f] = same[c * FRAMES + order[f]];
        ClipFeatures.Distance fresh = ClipFeatures.distance(ClipFeatures.describe(same, FRAMES), test, train, random);
        ClipFeatures.Distance mixed = ClipFeatures.distance(ClipFeatures.describe(shuffled, FRAMES), test, train, random);
        // a fresh draw of the law sits at the floor; the same clips with their frames shuffled (same frames, same mean) do not
        assertThat(fresh.value()).isLessThan(fresh.floor() + 3 * fresh.stderr());
        assertThat(mixed.value()).isGreaterThan(mixed.floor() + 5 * mixed.stderr());
    }
}
