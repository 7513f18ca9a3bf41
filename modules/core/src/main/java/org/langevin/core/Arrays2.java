package org.langevin.core;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Small ND4J helpers shared across modules. */
public final class Arrays2 {
    private Arrays2() {}

    /** Rows of x as a double matrix (one bulk copy out of native memory, not one call per element). */
    public static double[][] toMatrix(INDArray x) {
        int rows = (int) x.rows();
        int cols = (int) x.columns();
        double[] flat = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) out[i] = Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        return out;
    }

    /** A double matrix as an ND4J array of the given type. */
    public static INDArray fromMatrix(double[][] m, DataType type) {
        return Nd4j.createFromArray(m).castTo(type);
    }

    /** The arithmetic mean of the values. */
    public static double mean(double[] values) {
        double s = 0;
        for (double v : values) s += v;
        return s / values.length;
    }

    /** True when every entry is finite (no NaN or infinity). */
    public static boolean allFinite(INDArray x) {
        double s = x.sumNumber().doubleValue();
        return Double.isFinite(s) && Double.isFinite(x.amaxNumber().doubleValue());
    }

    /**
     * Per-row values as an n × 1 column of the given type, made in that type directly (a float column from the values
     * rounded in Java, as a cast op rounds them): one native call instead of two.
     */
    public static INDArray column(double[] values, DataType type) {
        if (type == DataType.DOUBLE) return Nd4j.createFromArray(values).reshape(values.length, 1);
        if (type == DataType.FLOAT) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            return Nd4j.createFromArray(f).reshape(values.length, 1);
        }
        return Nd4j.createFromArray(values).reshape(values.length, 1).castTo(type);
    }

    /** The first n rows of x (all of them when it has fewer), a view. */
    public static INDArray firstRows(INDArray x, long n) {
        return x.get(NDArrayIndex.interval(0, Math.min(n, x.rows())), NDArrayIndex.all());
    }

    /** The rows of x at the given indices. */
    public static INDArray rows(INDArray x, int[] indices) {
        return Nd4j.pullRows(x, 1, indices);
    }

    /** The median Euclidean distance between distinct rows in [from, to) (the median heuristic for kernel bandwidths). */
    public static double medianPairwiseDistance(double[][] x, int from, int to) {
        int m = to - from;
        if (m < 2) throw new IllegalArgumentException("need at least two rows");
        double[] distances = new double[m * (m - 1) / 2];
        int c = 0;
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                double d = 0;
                for (int k = 0; k < x[i].length; k++) d += (x[i][k] - x[j][k]) * (x[i][k] - x[j][k]);
                distances[c++] = Math.sqrt(d);
            }
        }
        Arrays.sort(distances);
        int mid = distances.length / 2;
        return distances.length % 2 == 1 ? distances[mid] : 0.5 * (distances[mid - 1] + distances[mid]);
    }

    /** The standard error of the mean, s/√n (NaN for fewer than two values). */
    public static double stderr(double[] values) {
        if (values.length < 2) return Double.NaN;
        double mean = mean(values);
        double ss = 0;
        for (double v : values) ss += (v - mean) * (v - mean);
        return Math.sqrt(ss / (values.length - 1) / values.length);
    }

    /** log Σ exp(v_i), without overflow. */
    public static double logSumExp(double[] v) {
        double top = max(v);
        double sum = 0;
        for (double x : v) sum += Math.exp(x - top);
        return top + Math.log(sum);
    }

    public static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        return m;
    }
}
