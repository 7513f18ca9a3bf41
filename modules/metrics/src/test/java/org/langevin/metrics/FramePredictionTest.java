package org.langevin.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.langevin.core.PixelGrid;

/** The copy baseline and the scores of predicted frames on clips whose answers are known. */
class FramePredictionTest {
    private static final PixelGrid GRID = new PixelGrid(4, 1, 6, 6, 2, 0, 1);

    /** A 2 × 2 square at column 1 + f of frame f: a clip that moves. */
    private static double[] moving() {
        double[] clip = new double[GRID.size()];
        for (int f = 0; f < 4; f++) for (int i = 2; i < 4; i++) for (int j = 1 + f; j < 3 + f; j++) clip[f * 36 + i * 6 + j] = 1;
        return clip;
    }

    @Test
    void theBaselineCopiesTheLastObservedFrameAndAPerfectPredictionBeatsIt() {
        assertThat(FramePrediction.source(3, new int[] {0, 1})).isEqualTo(1);
        assertThat(FramePrediction.source(0, new int[] {2, 3})).isEqualTo(2);
        assertThat(FramePrediction.source(2, new int[] {0, 3})).isEqualTo(0);
        double[][] truth = {moving()};
        FramePrediction.Scores perfect = FramePrediction.of(truth, truth, GRID, new int[] {0, 1}, new int[] {2, 3});
        assertThat(perfect.psnr()).isEqualTo(100); // ImageQuality's cap for an exact copy
        assertThat(perfect.ssim()).isEqualTo(1.0);
        assertThat(perfect.copyPsnr()).isLessThan(20);
        assertThat(perfect.copySsim()).isLessThan(0.9);
        // a model that copies the last frame scores exactly the baseline
        double[] copied = moving();
        for (int f = 2; f < 4; f++) System.arraycopy(copied, 36, copied, f * 36, 36);
        FramePrediction.Scores copy = FramePrediction.of(new double[][] {copied}, truth, GRID, new int[] {0, 1}, new int[] {2, 3});
        assertThat(copy.psnr()).isEqualTo(copy.copyPsnr());
        assertThat(copy.ssim()).isEqualTo(copy.copySsim());
    }
}
