package org.langevin.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Sample quality in a classifier's feature space, on m = min(|generated|, |test|, |train|) rows of each set: FID
 * (generated against test) with the standard deviation of its bootstrap replicates (both sets resampled) and the floor
 * FID(train, test) two draws of the data reach at the same m; KID with its standard error over subsets and its floor;
 * improved precision and recall with k = 3 (Kynkäänniemi et al. 2019), and the data's own precision and recall (the
 * training rows in place of the samples) at the same m: what a perfect model would score, since both fall short of 1
 * for two finite draws of one law.
 */
public record FeatureScores(int m, double fid, double fidStderr, double fidFloor, double kid, double kidStderr, double kidFloor, double precision,
                            double recall, double precisionData, double recallData) {
    private static final int BOOTSTRAP = 20;
    private static final int KID_SUBSETS = 50;
    private static final int KID_SIZE = 1000;
    private static final int K = 3;

    public static FeatureScores of(double[][] generated, double[][] test, double[][] train, SplittableRandom random) {
        int m = Math.min(generated.length, Math.min(test.length, train.length));
        double[][] g = Arrays.copyOf(generated, m);
        double[][] t = Arrays.copyOf(test, m);
        double[][] r = Arrays.copyOf(train, m);
        double sd = FrechetDistance.bootstrapSd(g, t, BOOTSTRAP, random);
        KernelDistance.Estimate kid = KernelDistance.of(g, t, KID_SUBSETS, KID_SIZE, random);
        KernelDistance.Estimate kidFloor = KernelDistance.of(r, t, KID_SUBSETS, KID_SIZE, random);
        ManifoldPrecisionRecall pr = ManifoldPrecisionRecall.of(t, g, K);
        ManifoldPrecisionRecall data = ManifoldPrecisionRecall.of(t, r, K);
        return new FeatureScores(m, FrechetDistance.of(g, t), sd, FrechetDistance.of(r, t), kid.value(), kid.stderr(), kidFloor.value(),
                pr.precision(),
                pr.recall(), data.precision(), data.recall());
    }
}
