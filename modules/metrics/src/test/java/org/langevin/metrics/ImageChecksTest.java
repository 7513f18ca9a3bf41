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

    /** An L-shaped item of side 3 at top-left (row, col) of frame f in a 12 × 12 canvas. */
    private static void paint(double[] clip, int f, int row, int col) {
        int[][] cells = {{0, 0}, {1, 0}, {2, 0}, {2, 1}, {2, 2}};
        for (int[] c : cells) clip[f * 144 + (row + c[0]) * 12 + col + c[1]] = 1;
    }

    /** p folded back into [0, room]: Moving-MNIST's reflection at both borders. */
    private static int reflect(int p, int room) {
        int q = Math.floorMod(p, 2 * room);
        return q <= room ? q : 2 * room - q;
    }

    @Test
    void anItemBouncingAtConstantVelocityHasNoMotionErrorAndAJumpOrShuffleHasSome() {
        PixelGrid grid = new PixelGrid(8, 1, 12, 12, 2, 0, 1);
        int room = 12 - 3;
        double[][] bouncing = new double[3][grid.size()];
        int[][] starts = {{1, 7, 3, -2}, {8, 0, -3, 2}, {4, 4, 1, 1}}; // row, column, row velocity, column velocity
        for (int k = 0; k < 3; k++) {
            for (int f = 0; f < 8; f++) {
                paint(bouncing[k], f, reflect(starts[k][0] + starts[k][2] * f, room), reflect(starts[k][1] + starts[k][3] * f, room));
            }
        }
        assertThat(ClipMotion.motionError(bouncing, grid)).isCloseTo(0, within(1e-6)); // rounding in the least squares, under a square root
        double[] jump = new double[grid.size()];
        for (int f = 0; f < 8; f++) paint(jump, f, 1 + (f < 4 ? f : f + 4) / 2, 2);
        assertThat(ClipMotion.motionError(new double[][] {jump}, grid)).isGreaterThan(0.2);
        double[] shuffled = new double[grid.size()];
        int[] order = {0, 5, 2, 7, 1, 4, 6, 3};
        for (int f = 0; f < 8; f++) System.arraycopy(bouncing[0], order[f] * 144, shuffled, f * 144, 144);
        assertThat(ClipMotion.motionError(new double[][] {shuffled}, grid)).isGreaterThan(0.5);
    }
}
