package org.langevin.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Clip scores in a frame classifier's space. Label consistency: the share of clips whose frames the classifier puts in
 * one class. A Fréchet distance between clips (in the spirit of FVD, Unterthiner et al. 2018, which uses a video
 * network): each clip is described by the mean of its frames' features and the mean absolute change of each feature
 * from one frame to the next, so frames that are each plausible but do not follow one another move it too.
 */
public final class ClipFeatures {
    private static final int BOOTSTRAP = 20;

    private ClipFeatures() {}

    /** The distance between generated and test clips, the standard deviation of its bootstrap, and its floor (training against test clips). */
    public record Distance(double value, double stderr, double floor) {}

    /** @param frameClasses the class of every frame, clip after clip ({@code frames} per clip) */
    public static double labelConsistency(int[] frameClasses, int frames) {
        int clips = frameClasses.length / frames;
        int consistent = 0;
        for (int c = 0; c < clips; c++) {
            boolean same = true;
            for (int f = 1; f < frames; f++) same &= frameClasses[c * frames + f] == frameClasses[c * frames];
            if (same) consistent++;
        }
        return (double) consistent / clips;
    }

    /** Clip descriptors from per-frame features (rows clip after clip, {@code frames} per clip): [mean φ_f, mean |φ_{f+1} − φ_f|]. */
    public static double[][] describe(double[][] frameFeatures, int frames) {
        int clips = frameFeatures.length / frames;
        int d = frameFeatures[0].length;
        double[][] out = new double[clips][2 * d];
        for (int c = 0; c < clips; c++) {
            for (int f = 0; f < frames; f++) {
                double[] phi = frameFeatures[c * frames + f];
                for (int j = 0; j < d; j++) {
                    out[c][j] += phi[j] / frames;
                    if (f > 0) out[c][d + j] += Math.abs(phi[j] - frameFeatures[c * frames + f - 1][j]) / (frames - 1);
                }
            }
        }
        return out;
    }

    /** The Fréchet distance of clip descriptors on m = the smallest set's size, with its bootstrap and its floor. */
    public static Distance distance(double[][] generated, double[][] test, double[][] train, SplittableRandom random) {
        int m = Math.min(generated.length, Math.min(test.length, train.length));
        double[][] g = Arrays.copyOf(generated, m);
        double[][] t = Arrays.copyOf(test, m);
        double[][] r = Arrays.copyOf(train, m);
        return new Distance(FrechetDistance.of(g, t), FrechetDistance.bootstrapSd(g, t, BOOTSTRAP, random), FrechetDistance.of(r, t));
    }
}
