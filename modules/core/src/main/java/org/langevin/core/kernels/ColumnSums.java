package org.langevin.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Column sums 1ᵀA of a float array in one Java pass (a dense layer's bias gradient), in place of a ones-GEMM. */
public final class ColumnSums {
    private static final VectorSpecies<Float> S = NativeFloats.SPECIES;
    private static final int CHUNK = 4096;

    private ColumnSums() {}

    /** The column sums of a row-major float n × m array, row after row in float, written into the 1 × m row-major {@code into}. */
    public static void into(INDArray a, INDArray into) {
        int cols = (int) a.size(1);
        NativeFloats in = NativeFloats.of(a);
        int rowsPerChunk = Math.max(1, CHUNK / cols);
        float[] chunk = new float[rowsPerChunk * cols];
        float[] sums = new float[cols];
        long rows = a.size(0);
        for (long row = 0; row < rows; row += rowsPerChunk) {
            int length = (int) Math.min(rowsPerChunk, rows - row) * cols;
            in.get(row * cols, chunk, 0, length);
            for (int start = 0; start < length; start += cols) {
                int j = 0;
                for (; j + S.length() <= cols; j += S.length()) {
                    FloatVector.fromArray(S, sums, j).add(FloatVector.fromArray(S, chunk, start + j)).intoArray(sums, j);
                }
                for (; j < cols; j++) sums[j] += chunk[start + j];
            }
        }
        NativeFloats.of(into).put(0, sums, 0, cols);
    }
}
