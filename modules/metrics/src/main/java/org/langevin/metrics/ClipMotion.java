package org.langevin.metrics;

import org.langevin.core.PixelGrid;

/**
 * Temporal coherence of clips, measured on the brightness centroid c_f of each frame (pixel values shifted to be
 * non-negative): the mean speed ‖c_{f+1} − c_f‖ and the mean change of displacement ‖(c_{f+2} − c_{f+1}) − (c_{f+1} − c_f)‖
 * in pixels per frame. A digit moving at constant velocity has zero displacement change except at a reflection;
 * incoherent frames have a large one. Samples are compared with held-out clips.
 */
public final class ClipMotion {
    private static final int GRID = 12;
    private ClipMotion() {}

    /** Mean speed and mean displacement change over all clips (rows) and frames. */
    public record Motion(double speed, double displacementChange) {}

    public static Motion of(double[][] clips, PixelGrid grid) {
        if (grid.frames() < 3) throw new IllegalArgumentException("motion needs at least 3 frames");
        double speed = 0;
        double change = 0;
        for (double[] clip : clips) {
            double[][] c = new double[grid.frames()][];
            for (int f = 0; f < grid.frames(); f++) c[f] = centroid(clip, f, grid);
            for (int f = 0; f + 1 < grid.frames(); f++) speed += Math.hypot(c[f + 1][0] - c[f][0], c[f + 1][1] - c[f][1]);
            for (int f = 0; f + 2 < grid.frames(); f++) {
                change += Math.hypot(c[f + 2][0] - 2 * c[f + 1][0] + c[f][0], c[f + 2][1] - 2 * c[f + 1][1] + c[f][1]);
            }
        }
        return new Motion(speed / (clips.length * (grid.frames() - 1.0)), change / (clips.length * (grid.frames() - 2.0)));
    }

    /**
     * The mean distance, in pixels, between the brightness centroids of restored and true clips over the given frames
     * (the frames an inverse problem predicts).
     */
    public static double centroidError(double[][] restored, double[][] truth, PixelGrid grid, int[] frames) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            for (int f : frames) {
                double[] a = centroid(restored[i], f, grid);
                double[] b = centroid(truth[i], f, grid);
                sum += Math.hypot(a[0] - b[0], a[1] - b[1]);
            }
        }
        return sum / (truth.length * frames.length);
    }

    /**
     * The motion error of clips, in pixels: per clip and axis, the RMS distance of the brightness centroid's path c_f
     * from the best path of one constant speed that reverses at most twice (the reflections of Moving-MNIST motion),
     * c_f ≈ a + v g_f with g_f = f before the first reversal at τ₁, 2τ₁ − f up to the second at τ₂, f + 2τ₁ − 2τ₂ after
     * it; least squares in (a, v) for every τ₁ ≤ τ₂ on a grid of twelfths of a frame (exact for integer speeds up to 4 on
     * an integer canvas, whose reversals fall on halves, thirds or quarters). The mean over clips of the RMS over both axes.
     */
    public static double motionError(double[][] clips, PixelGrid grid) {
        if (grid.frames() < 3) throw new IllegalArgumentException("motion needs at least 3 frames");
        int frames = grid.frames();
        double total = 0;
        for (double[] clip : clips) {
            double[][] c = new double[frames][];
            for (int f = 0; f < frames; f++) c[f] = centroid(clip, f, grid);
            double squares = 0;
            for (int axis = 0; axis < 2; axis++) {
                double[] path = new double[frames];
                for (int f = 0; f < frames; f++) path[f] = c[f][axis];
                squares += bestReflectedFit(path);
            }
            total += Math.sqrt(squares / (2.0 * frames));
        }
        return total / clips.length;
    }

    /** The least residual sum of squares of a path against a + v g_f over the reversal times (see {@link #motionError}). */
    static double bestReflectedFit(double[] path) {
        int frames = path.length;
        int steps = GRID * (frames - 1); // reversal times from 0 to the last frame
        double best = Double.POSITIVE_INFINITY;
        double[] g = new double[frames];
        for (int i = 0; i <= steps; i++) {
            for (int j = i; j <= steps; j++) {
                double t1 = (double) i / GRID;
                double t2 = (double) j / GRID;
                for (int f = 0; f < frames; f++) g[f] = f <= t1 ? f : f <= t2 ? 2 * t1 - f : f + 2 * t1 - 2 * t2;
                best = Math.min(best, lineResidual(g, path));
            }
        }
        return best;
    }

    /** The residual sum of squares of y against the least-squares line a + v g. */
    private static double lineResidual(double[] g, double[] y) {
        int n = g.length;
        double mg = 0;
        double my = 0;
        for (int k = 0; k < n; k++) {
            mg += g[k] / n;
            my += y[k] / n;
        }
        double sgg = 0;
        double sgy = 0;
        double syy = 0;
        for (int k = 0; k < n; k++) {
            sgg += (g[k] - mg) * (g[k] - mg);
            sgy += (g[k] - mg) * (y[k] - my);
            syy += (y[k] - my) * (y[k] - my);
        }
        return Math.max(0, sgg == 0 ? syy : syy - sgy * sgy / sgg);
    }

    /** The (row, column) centroid of frame f's brightness (x − low, clipped at 0; the canvas centre for a dark frame). */
    static double[] centroid(double[] clip, int f, PixelGrid grid) {
        double mass = 0;
        double row = 0;
        double col = 0;
        int offset = f * grid.frameSize();
        for (int ch = 0; ch < grid.channels(); ch++) {
            for (int i = 0; i < grid.height(); i++) {
                for (int j = 0; j < grid.width(); j++) {
                    double w = Math.max(0, clip[offset + (ch * grid.height() + i) * grid.width() + j] - grid.low());
                    mass += w;
                    row += w * i;
                    col += w * j;
                }
            }
        }
        if (mass == 0) return new double[] {(grid.height() - 1) / 2.0, (grid.width() - 1) / 2.0};
        return new double[] {row / mass, col / mass};
    }
}
