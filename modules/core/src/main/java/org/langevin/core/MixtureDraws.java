package org.langevin.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Independent draws of a {@link GaussianMixture} and the component each came from (its label): a component by its
 * weight, then μ_c + Q_c Λ_c^{1/2} z with z ~ N(0, I).
 */
public record MixtureDraws(INDArray points, int[] components) {

    /** n draws (rows, double precision): the uniforms of every component choice first, then the normals, from one stream. */
    public static MixtureDraws of(GaussianMixture p, int n, RandomStream stream) {
        int k = p.components();
        int dim = p.dim();
        double[] cumulative = new double[k];
        double acc = 0;
        for (int c = 0; c < k; c++) cumulative[c] = acc += p.weight(c);
        double[] u = stream.uniform(DataType.DOUBLE, 0.0, 1.0, n).toDoubleVector();
        double[][] z = Arrays2.toMatrix(stream.normal(DataType.DOUBLE, n, dim));
        double[][] out = new double[n][dim];
        int[] components = new int[n];
        for (int i = 0; i < n; i++) {
            int c = 0;
            while (c < k - 1 && u[i] >= cumulative[c]) c++;
            components[i] = c;
            double[][] q = p.eigenvectors(c);
            double[] lambda = p.eigenvalues(c);
            double[] mean = p.mean(c);
            for (int r = 0; r < dim; r++) {
                double v = mean[r];
                for (int j = 0; j < dim; j++) v += q[r][j] * Math.sqrt(lambda[j]) * z[i][j];
                out[i][r] = v;
            }
        }
        return new MixtureDraws(Nd4j.createFromArray(out), components);
    }
}
