package org.langevin.metrics;

import java.util.SplittableRandom;
import org.langevin.core.Arrays2;


/**
 * Two-sample discrepancies between model samples X and held-out data Y (rows are points).
 * Both are zero in expectation when the two laws are equal.
 */
public final class TwoSampleDistances {
    private TwoSampleDistances() {}

    /**
     * Unbiased squared maximum mean discrepancy (Gretton et al. 2012) with the Gaussian kernel
     * k(a, b) = exp(-‖a - b‖² / (2 h²)): MMD² = E k(x,x') + E k(y,y') - 2 E k(x,y).
     */
    public static double mmdSquared(double[][] x, double[][] y, double bandwidth) {
        double gamma = 1.0 / (2 * bandwidth * bandwidth);
        double kxx = meanKernel(x, x, gamma, true);
        double kyy = meanKernel(y, y, gamma, true);
        double kxy = meanKernel(x, y, gamma, false);
        return kxx + kyy - 2 * kxy;
    }

    /** The median heuristic: the median pairwise distance within the pooled sample (on at most 1000 points of each). */
    public static double medianBandwidth(double[][] x, double[][] y) {
        int nx = Math.min(x.length, 1000);
        int ny = Math.min(y.length, 1000);
        double[][] pooled = new double[nx + ny][];
        System.arraycopy(x, 0, pooled, 0, nx);
        System.arraycopy(y, 0, pooled, nx, ny);
        return Arrays2.medianPairwiseDistance(pooled, 0, pooled.length);
    }

    /** Energy distance (Székely & Rizzo 2013): 2 E‖x - y‖ - E‖x - x'‖ - E‖y - y'‖ (U-statistics within samples). */
    public static double energyDistance(double[][] x, double[][] y) {
        return 2 * meanDistance(x, y, false) - meanDistance(x, x, true) - meanDistance(y, y, true);
    }

    private static double meanKernel(double[][] a, double[][] b, double gamma, boolean same) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = same ? i + 1 : 0; j < b.length; j++) {
                sum += Math.exp(-gamma * squaredDistance(a[i], b[j]));
                count++;
            }
        }
        return sum / count;
    }

    private static double meanDistance(double[][] a, double[][] b, boolean same) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = same ? i + 1 : 0; j < b.length; j++) {
                sum += Math.sqrt(squaredDistance(a[i], b[j]));
                count++;
            }
        }
        return sum / count;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double d = a[k] - b[k];
            s += d * d;
        }
        return s;
    }

    /**
     * Permutation test of equal laws with the energy distance as statistic: the p-value is the fraction of random
     * relabellings of the pooled sample whose statistic is at least the observed one (with the observed one counted).
     */
    public static double energyPermutationPValue(double[][] x, double[][] y, int permutations, SplittableRandom random) {
        int n = x.length;
        int m = n + y.length;
        double[][] pooled = new double[m][];
        System.arraycopy(x, 0, pooled, 0, n);
        System.arraycopy(y, 0, pooled, n, y.length);
        double[][] d = new double[m][m];
        for (int i = 0; i < m; i++) for (int j = i + 1; j < m; j++) d[i][j] = d[j][i] = Math.sqrt(squaredDistance(pooled[i], pooled[j]));
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) labels[i] = i;
        double observed = energyFromDistances(d, labels, n);
        int atLeast = 1;
        for (int p = 0; p < permutations; p++) {
            for (int i = m - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = labels[i];
                labels[i] = labels[j];
                labels[j] = t;
            }
            if (energyFromDistances(d, labels, n) >= observed) atLeast++;
        }
        return (double) atLeast / (permutations + 1);
    }

    /** Energy distance between the first n labels and the rest, from a precomputed distance matrix. */
    private static double energyFromDistances(double[][] d, int[] labels, int n) {
        int m = labels.length;
        double xy = 0, xx = 0, yy = 0;
        for (int a = 0; a < m; a++) {
            double[] row = d[labels[a]];
            for (int b = a + 1; b < m; b++) {
                double v = row[labels[b]];
                if (a < n && b < n) xx += v;
                else if (a >= n) yy += v;
                else xy += v;
            }
        }
        int k = m - n;
        return 2 * xy / ((double) n * k) - xx / (n * (n - 1) / 2.0) - yy / (k * (k - 1) / 2.0);
    }
}
