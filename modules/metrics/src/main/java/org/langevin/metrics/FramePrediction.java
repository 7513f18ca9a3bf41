package org.langevin.metrics;

import java.util.Arrays;
import org.langevin.core.PixelGrid;

/**
 * Frame prediction scored on the predicted frames alone: PSNR and SSIM of the restored frames against the truth, beside
 * the copy baseline, which fills each unobserved frame with the nearest observed frame before it (after it when none
 * precedes): a model that does not beat it has learned no motion.
 */
public final class FramePrediction {
    private FramePrediction() {}

    /** Mean PSNR (dB) and SSIM over clips and predicted frames, the model's and the copy baseline's. */
    public record Scores(double psnr, double ssim, double copyPsnr, double copySsim) {}

    public static Scores of(double[][] restored, double[][] truth, PixelGrid grid, int[] observed, int[] predicted) {
        PixelGrid frame = grid.image(grid.channels());
        double[] sums = new double[4];
        for (int i = 0; i < truth.length; i++) {
            for (int f : predicted) {
                double[] t = frameOf(truth[i], f, grid);
                double[] r = frameOf(restored[i], f, grid);
                double[] copy = frameOf(truth[i], source(f, observed), grid);
                sums[0] += ImageQuality.psnr(r, t, frame);
                sums[1] += ImageQuality.ssim(r, t, frame);
                sums[2] += ImageQuality.psnr(copy, t, frame);
                sums[3] += ImageQuality.ssim(copy, t, frame);
            }
        }
        double count = (double) truth.length * predicted.length;
        return new Scores(sums[0] / count, sums[1] / count, sums[2] / count, sums[3] / count);
    }

    /** The observed frame the baseline copies into frame f: the last one before it, else the first one after it. */
    static int source(int f, int[] observed) {
        int before = -1;
        int after = Integer.MAX_VALUE;
        for (int o : observed) {
            if (o <= f) before = Math.max(before, o);
            else after = Math.min(after, o);
        }
        if (before < 0 && after == Integer.MAX_VALUE) throw new IllegalArgumentException("no observed frame to copy");
        return before >= 0 ? before : after;
    }

    private static double[] frameOf(double[] clip, int f, PixelGrid grid) {
        return Arrays.copyOfRange(clip, f * grid.frameSize(), (f + 1) * grid.frameSize());
    }
}
