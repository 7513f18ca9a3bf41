package org.langevin.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.langevin.core.PixelGrid;

/** Nearest-neighbour distances and clip motion on cases whose answers are known. */
class ImageChecksTest {
    @Test
    void copiesOfTrainingRowsAreFoundAtDistanceZeroAndNewRowsAreNot() {
        double[][] train = {{0, 0, 0, 0}, {1, 1, 1, 1}, {-1, 0, 1, 0}};
        double[][] samples = {{1, 1, 1, 1}, {0.5, 0.5, 0.5, 0.5}, {-1, 0, 1, 0}};
        NearestNeighbours.Match m = NearestNeighbours.match(samples, train);
        assertThat(m.index()).containsExactly(1, 0, 2);
        assertThat(m.rmsDistance()[0]).isZero();
        assertThat(m.rmsDistance()[1]).isCloseTo(0.5, within(1e-12)); // equidistant from rows 0 and 1: the first wins
        assertThat(m.fractionWithin(0.1)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.median()).isZero();
    }

    @Test
    void aBlobAtConstantVelocityHasItsSpeedAndNoDisplacementChange() {
        PixelGrid grid = new PixelGrid(5, 1, 10, 10, 2, 0, 1);
        double[] clip = new double[grid.size()];
        for (int f = 0; f < 5; f++) {
            // a 2×2 blob at (1 + f, 2 + f): speed √2 per frame
            for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) clip[f * 100 + (1 + f + i) * 10 + 2 + f + j] = 1;
        }
        ClipMotion.Motion motion = ClipMotion.of(new double[][] {clip}, grid);
        assertThat(motion.speed()).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(motion.displacementChange()).isCloseTo(0, within(1e-12));
        // shuffle the frames: incoherent motion shows as displacement change
        double[] shuffled = new double[grid.size()];
        int[] order = {0, 3, 1, 4, 2};
        for (int f = 0; f < 5; f++) System.arraycopy(clip, order[f] * 100, shuffled, f * 100, 100);
        assertThat(ClipMotion.of(new double[][] {shuffled}, grid).displacementChange()).isGreaterThan(3);
    }
}
