package org.langevin.metrics;

import java.util.Arrays;


/**
 * Improved precision and recall (Kynkäänniemi et al. 2019): each set's manifold is the union of balls around its points
 * whose radius is the distance to the point's k-th nearest neighbour within the set. Precision is the share of generated
 * points inside the real manifold (quality), recall the share of real points inside the generated one (coverage).
 */
public record ManifoldPrecisionRecall(double precision, double recall) {

    public static ManifoldPrecisionRecall of(double[][] real, double[][] generated, int k) {
        double[] realRadii = radii(real, k);
        double[] generatedRadii = radii(generated, k);
        return new ManifoldPrecisionRecall(covered(generated, real, realRadii), covered(real, generated, generatedRadii));
    }

    /** The squared distance from each point to its k-th nearest neighbour in its own set. */
    static double[] radii(double[][] x, int k) {
        double[] radii = new double[x.length];
        double[] d = new double[x.length - 1];
        for (int i = 0; i < x.length; i++) {
            int n = 0;
            for (int j = 0; j < x.length; j++) if (j != i) d[n++] = squared(x[i], x[j]);
            Arrays.sort(d);
            radii[i] = d[Math.min(k, d.length) - 1];
        }
        return radii;
    }

    /** The share of {@code points} within some ball of the manifold (centres, squared radii). */
    private static double covered(double[][] points, double[][] centres, double[] radii) {
        int inside = 0;
        for (double[] p : points) {
            for (int c = 0; c < centres.length; c++) {
                if (squared(p, centres[c]) <= radii[c]) {
                    inside++;
                    break;
                }
            }
        }
        return (double) inside / points.length;
    }

    private static double squared(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }
}
