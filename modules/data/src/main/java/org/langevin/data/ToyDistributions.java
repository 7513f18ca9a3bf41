package org.langevin.data;

import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The classic 2-D toy laws of the score-matching literature, sampled from seeded streams. */
public final class ToyDistributions {
    private ToyDistributions() {}

    /** k Gaussians of std {@code std} equally spaced on a circle of radius {@code radius}, equal weights. */
    public static GaussianMixture ring(int k, double radius, double std) {
        double[] w = new double[k];
        double[][] means = new double[k][];
        for (int i = 0; i < k; i++) {
            double angle = 2 * Math.PI * i / k;
            w[i] = 1.0 / k;
            means[i] = new double[] {radius * Math.cos(angle), radius * Math.sin(angle)};
        }
        return GaussianMixture.isotropic(w, means, std);
    }

    /** Uniform on the dark squares of a 4×4 checkerboard covering [-4, 4]² (squares of side 2). */
    public static INDArray checkerboard(int n, RandomStream stream) {
        double[][] u = Arrays2.toMatrix(stream.uniform(DataType.DOUBLE, 0.0, 1.0, n, 3));
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            int cell = Math.min(7, (int) (u[i][0] * 8)); // 8 dark squares
            int row = cell / 2;
            int col = 2 * (cell % 2) + (row % 2);
            out[i][0] = -4 + 2 * col + 2 * u[i][1];
            out[i][1] = -4 + 2 * row + 2 * u[i][2];
        }
        return Nd4j.createFromArray(out);
    }

    /** The 2-D Swiss roll: θ ~ U(1.5π, 4.5π), x = θ (cos θ, sin θ) / 3 + N(0, noise²). */
    public static INDArray swissRoll(int n, double noise, RandomStream stream) {
        double[] u = stream.uniform(DataType.DOUBLE, 0.0, 1.0, n).toDoubleVector();
        double[][] z = Arrays2.toMatrix(stream.normal(DataType.DOUBLE, n, 2));
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            double theta = 1.5 * Math.PI * (1 + 2 * u[i]);
            out[i][0] = theta * Math.cos(theta) / 3 + noise * z[i][0];
            out[i][1] = theta * Math.sin(theta) / 3 + noise * z[i][1];
        }
        return Nd4j.createFromArray(out);
    }

    /** Two interleaving half circles, centred and scaled by 2, plus N(0, noise²). */
    public static INDArray twoMoons(int n, double noise, RandomStream stream) {
        double[][] u = Arrays2.toMatrix(stream.uniform(DataType.DOUBLE, 0.0, 1.0, n, 2));
        double[][] z = Arrays2.toMatrix(stream.normal(DataType.DOUBLE, n, 2));
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            double a = Math.PI * u[i][0];
            boolean upper = u[i][1] < 0.5;
            double px = upper ? Math.cos(a) : 1 - Math.cos(a);
            double py = upper ? Math.sin(a) : 0.5 - Math.sin(a);
            out[i][0] = 2 * (px - 0.5) + noise * z[i][0];
            out[i][1] = 2 * (py - 0.25) + noise * z[i][1];
        }
        return Nd4j.createFromArray(out);
    }
}
