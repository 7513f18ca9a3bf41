package org.langevin.metrics;

import java.util.Arrays;


/**
 * Memorisation check for image models: the distance from each generated row to its nearest training row, as an RMS
 * per pixel, ‖x − nn(x)‖/√D, beside the same distance for held-out rows (how far genuinely new data lie from the
 * training set). A sample is counted as a copy when it lies within half a pixel level of a training image in RMS.
 */
public final class NearestNeighbours {
    private NearestNeighbours() {}

    /** Per row of x: the index of the nearest row of reference and the RMS distance to it. */
    public record Match(int[] index, double[] rmsDistance) {
        public double median() {
            double[] sorted = rmsDistance.clone();
            Arrays.sort(sorted);
            int mid = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
        }

        /** The fraction of rows within {@code threshold} of their nearest reference row. */
        public double fractionWithin(double threshold) {
            int count = 0;
            for (double d : rmsDistance) if (d <= threshold) count++;
            return (double) count / rmsDistance.length;
        }
    }

    public static Match match(double[][] x, double[][] reference) {
        int[] index = new int[x.length];
        double[] distance = new double[x.length];
        int dim = x[0].length;
        for (int i = 0; i < x.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < reference.length; j++) {
                double d = 0;
                for (int k = 0; k < dim && d < best; k++) {
                    double diff = x[i][k] - reference[j][k];
                    d += diff * diff;
                }
                if (d < best) {
                    best = d;
                    index[i] = j;
                }
            }
            distance[i] = Math.sqrt(best / dim);
        }
        return new Match(index, distance);
    }
}
