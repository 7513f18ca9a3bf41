package org.langevin.metrics;

import org.langevin.core.PixelGrid;

/**
 * Temporal coherence of clips, measured on the brightness centroid c_f of each frame (pixel values shifted to be
 * non-negative): the mean speed ‖c_{f+1} − c_f‖ and the mean change of displacement ‖(c_{f+2} − c_{f+1}) − (c_{f+1} − c_f)‖
 * in pixels per frame. A digit moving at constant velocity has zero displacement change except at a reflection;
 * incoherent frames have a large one. Samples are compared with held-out clips.
 */
public final class ClipMotion {
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
