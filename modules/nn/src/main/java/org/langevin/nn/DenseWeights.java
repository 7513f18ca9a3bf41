package org.langevin.nn;

import java.util.ArrayList;
import java.util.List;
import org.langevin.core.kernels.ColumnSums;
import org.langevin.core.kernels.VectorKernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The weights of one dense layer z = h W + b as views into a flat vector laid out like the parameters: weight (in × out)
 * and bias (1 × out). The MLP's layers and the tape's {@link Dense} compute with it.
 */
record DenseWeights(INDArray weight, INDArray bias) {
    /** z = h W + 1 bᵀ, the bias added to the GEMM's result (a hidden layer leaves it to {@link Activation#evaluateShifted}). */
    INDArray apply(INDArray h) {
        return Nd4j.gemm(h, weight, false, false).addiRowVector(bias);
    }

    /** ∂L/∂b = 1ᵀ δ, the column sums of δ, written into this layer's bias view of a gradient. */
    void biasGradient(INDArray delta) {
        if (VectorKernels.enabledFor(delta) && VectorKernels.rowMajor(bias)) ColumnSums.into(delta, bias);
        else bias.assign(delta.sum(true, 0));
    }

    /** The layers between consecutive widths, laid out one after another (weights then bias) in {@code flat}. */
    static List<DenseWeights> views(INDArray flat, int[] sizes) {
        List<DenseWeights> layers = new ArrayList<>();
        long offset = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            layers.add(at(flat, sizes[l], sizes[l + 1], offset));
            offset += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        return layers;
    }

    /** Layer {@code index} of {@link #views}: its views alone. */
    static DenseWeights layer(INDArray flat, int[] sizes, int index) {
        long offset = 0;
        for (int l = 0; l < index; l++) offset += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
        return at(flat, sizes[index], sizes[index + 1], offset);
    }

    private static DenseWeights at(INDArray flat, int in, int out, long offset) {
        INDArray w = flat.get(NDArrayIndex.interval(offset, offset + (long) in * out)).reshape('c', in, out);
        INDArray b = flat.get(NDArrayIndex.interval(offset + (long) in * out, offset + (long) in * out + out)).reshape('c', 1, out);
        return new DenseWeights(w, b);
    }
}
