package org.langevin.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small ND4J helpers shared across modules. */
public final class Arrays2 {
    private Arrays2() {}

    /** Rows of x as a double matrix (one bulk copy out of native memory, not one call per element). */
    public static double[][] toMatrix(INDArray x) {
        int rows = (int) x.rows();
        int cols = (int) x.columns();
        double[] flat = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) out[i] = java.util.Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
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

    /** The rows of x at the given indices. */
    public static INDArray rows(INDArray x, int[] indices) {
        return Nd4j.pullRows(x, 1, indices);
    }
}
