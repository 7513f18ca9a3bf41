package org.langevin.inverse;

import java.util.Arrays;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The measurement operators of images and clips, built on the {@link PixelGrid} (every frame and channel alike):
 * masks that hide a centred box, the right half or random pixels; a Gaussian blur; average pooling; observed frames.
 */
final class ImageOperators {
    private ImageOperators() {}

    /** Observed pixels (true) of each frame when a centred square covering {@code fraction} of the area is hidden. */
    static boolean[] box(PixelGrid g, double fraction) {
        int side = (int) Math.round(Math.sqrt(fraction) * Math.min(g.height(), g.width()));
        int top = (g.height() - side) / 2;
        int left = (g.width() - side) / 2;
        return everyPixel(g, (r, c) -> r < top || r >= top + side || c < left || c >= left + side);
    }

    /** The left half of each frame observed, the right half hidden. */
    static boolean[] half(PixelGrid g) {
        return everyPixel(g, (r, c) -> c < g.width() / 2);
    }

    /** Each coordinate hidden with probability {@code fraction}, independently (from the stream). */
    static boolean[] random(PixelGrid g, double fraction, RandomStream stream) {
        double[] u = stream.uniform(DataType.DOUBLE, 0, 1, g.size()).toDoubleVector();
        boolean[] observed = new boolean[g.size()];
        for (int i = 0; i < u.length; i++) observed[i] = u[i] >= fraction;
        return observed;
    }

    /** Every pixel of the listed frames observed (clips: frame prediction and interpolation). */
    static boolean[] frames(PixelGrid g, int[] frames) {
        boolean[] observed = new boolean[g.size()];
        for (int f : frames) Arrays.fill(observed, f * g.frameSize(), (f + 1) * g.frameSize(), true);
        return observed;
    }

    /** A Gaussian blur of std {@code sigma} pixels, truncated at 3σ, with zero padding: a D × D matrix. */
    static double[][] blur(PixelGrid g, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
        for (int i = 0; i < kernel.length; i++) kernel[i] /= sum;
        double[][] a = new double[g.size()][g.size()];
        int planes = g.frames() * g.channels();
        for (int p = 0; p < planes; p++) {
            int base = p * g.height() * g.width();
            for (int r = 0; r < g.height(); r++)
                for (int c = 0; c < g.width(); c++)
                    for (int dr = -radius; dr <= radius; dr++)
                        for (int dc = -radius; dc <= radius; dc++) {
                            int rr = r + dr;
                            int cc = c + dc;
                            if (rr < 0 || rr >= g.height() || cc < 0 || cc >= g.width()) continue;
                            a[base + r * g.width() + c][base + rr * g.width() + cc] = kernel[dr + radius] * kernel[dc + radius];
                        }
        }
        return a;
    }

    /** Average pooling over f × f blocks: a (D/f²) × D matrix with A Aᵀ = I/f². */
    static double[][] downsample(PixelGrid g, int f) {
        int h = g.height() / f;
        int w = g.width() / f;
        int planes = g.frames() * g.channels();
        double[][] a = new double[planes * h * w][g.size()];
        for (int p = 0; p < planes; p++)
            for (int r = 0; r < h; r++)
                for (int c = 0; c < w; c++)
                    for (int i = 0; i < f; i++)
                        for (int j = 0; j < f; j++) a[(p * h + r) * w + c][p * g.height() * g.width() + (r * f + i) * g.width() + c * f
                                + j] = 1.0 / (f * f);
        return a;
    }

    private static boolean[] everyPixel(PixelGrid g, PixelRule rule) {
        boolean[] observed = new boolean[g.size()];
        for (int i = 0; i < observed.length; i++) {
            int inPlane = i % (g.height() * g.width());
            observed[i] = rule.observed(inPlane / g.width(), inPlane % g.width());
        }
        return observed;
    }

    @FunctionalInterface
    private interface PixelRule {
        boolean observed(int row, int column);
    }
}
