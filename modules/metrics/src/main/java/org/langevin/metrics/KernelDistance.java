package org.langevin.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The kernel distance of two feature sets (KID, Bińkowski et al. 2018): the unbiased MMD² with the cubic polynomial
 * kernel k(x, y) = (xᵀy/d + 1)³, averaged over {@code subsets} random subsets of {@code size} points of each set, with
 * the standard error of that mean. Unbiased: its expectation is 0 when both sets come from one law.
 */
public final class KernelDistance {
    private KernelDistance() {}

    /** The mean over subsets and its standard error. */
    public record Estimate(double value, double stderr) {}

    public static Estimate of(double[][] a, double[][] b, int subsets, int size, SplittableRandom random) {
        int m = Math.min(size, Math.min(a.length, b.length) / 2); // subsets smaller than the sets, so they differ
        double[] values = new double[subsets];
        for (int s = 0; s < subsets; s++) values[s] = mmd2(pick(a, m, random), pick(b, m, random));
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double var = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, subsets - 1);
        return new Estimate(mean, Math.sqrt(var / subsets));
    }

    /** Unbiased MMD²: the within-set means leave out the diagonal. */
    static double mmd2(double[][] x, double[][] y) {
        int m = x.length;
        double d = x[0].length;
        double xx = 0, yy = 0, xy = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i != j) {
                    xx += kernel(x[i], x[j], d);
                    yy += kernel(y[i], y[j], d);
                }
                xy += kernel(x[i], y[j], d);
            }
        }
        return xx / (m * (m - 1.0)) + yy / (m * (m - 1.0)) - 2 * xy / ((double) m * m);
    }

    private static double kernel(double[] u, double[] v, double d) {
        double dot = 0;
        for (int k = 0; k < u.length; k++) dot += u[k] * v[k];
        double base = dot / d + 1;
        return base * base * base;
    }

    /** m rows drawn without replacement (a partial Fisher–Yates shuffle of the indices). */
    private static double[][] pick(double[][] x, int m, SplittableRandom random) {
        int[] index = IntStream.range(0, x.length).toArray();
        double[][] out = new double[m][];
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(x.length - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
            out[i] = x[index[i]];
        }
        return out;
    }
}
