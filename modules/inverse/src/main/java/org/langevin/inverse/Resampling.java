package org.langevin.inverse;

import org.langevin.core.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;

/** Resampling of particle groups (consecutive blocks of K particles, one block per sample) by their log weights. */
final class Resampling {
    private Resampling() {}

    /**
     * Systematic resampling (Kitagawa 1996) of every group whose effective sample size (Σw)²/Σw² is under K/2; their log
     * weights are reset to 0. Returns the particle index to keep at each position (the identity for other groups).
     */
    static int[] whereDegenerate(double[] logWeights, int k, RandomStream stream) {
        int groups = logWeights.length / k;
        double[] u = stream.uniform(DataType.DOUBLE, 0, 1, groups).toDoubleVector();
        int[] keep = new int[logWeights.length];
        for (int g = 0; g < groups; g++) {
            double[] w = normalised(logWeights, g * k, k);
            double sq = 0;
            for (double v : w) sq += v * v;
            for (int j = 0; j < k; j++) keep[g * k + j] = g * k + j;
            if (1 / sq >= k / 2.0) continue;
            double cumulative = w[0];
            int from = 0;
            for (int j = 0; j < k; j++) {
                double point = (j + u[g]) / k;
                while (point > cumulative && from < k - 1) cumulative += w[++from];
                keep[g * k + j] = g * k + from;
            }
            for (int j = 0; j < k; j++) logWeights[g * k + j] = 0;
        }
        return keep;
    }

    /** One particle per group, drawn with probability proportional to its weight. */
    static int[] onePerGroup(double[] logWeights, int k, RandomStream stream) {
        int groups = logWeights.length / k;
        double[] u = stream.uniform(DataType.DOUBLE, 0, 1, groups).toDoubleVector();
        int[] pick = new int[groups];
        for (int g = 0; g < groups; g++) {
            double[] w = normalised(logWeights, g * k, k);
            int j = 0;
            double cumulative = w[0];
            while (u[g] > cumulative && j < k - 1) cumulative += w[++j];
            pick[g] = g * k + j;
        }
        return pick;
    }

    private static double[] normalised(double[] logWeights, int from, int k) {
        double top = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) top = Math.max(top, logWeights[from + j]);
        double[] w = new double[k];
        double sum = 0;
        for (int j = 0; j < k; j++) sum += w[j] = Math.exp(logWeights[from + j] - top);
        for (int j = 0; j < k; j++) w[j] /= sum;
        return w;
    }
}
