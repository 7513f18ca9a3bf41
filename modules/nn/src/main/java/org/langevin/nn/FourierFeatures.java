package org.langevin.nn;

import org.langevin.core.RandomStream;
import org.langevin.core.kernels.NativeFloats;
import org.langevin.core.kernels.VectorKernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gaussian Fourier features of time, γ(τ) = [sin 2π w τ, cos 2π w τ] with w ~ N(0, scale²) fixed (Tancik et al. 2020);
 * for a class-conditional network also a one-hot of the label (classes + 1 entries, the last the null label), which the
 * next dense layer turns into a learned label embedding added to the time embedding.
 */
final class FourierFeatures {
    private final INDArray frequencies; // 1 × dim/2
    private final float[] frequencyValues; // the same, for the Java path of input()
    private final int classes;

    FourierFeatures(int dim, double scale, int classes, DataType type, RandomStream init) {
        if (dim < 2 || dim % 2 != 0) throw new IllegalArgumentException("embedding dimension must be even and at least 2");
        this.frequencies = init.normal(type, 1, dim / 2).muli(scale);
        this.frequencyValues = frequencies.toFloatVector();
        this.classes = classes;
    }

    /**
     * The first layer's input [x, γ(τ)] (n × (D + dim)). On the float CPU path without labels the angles 2π w τ are
     * formed in Java (the same float products as the one-column GEMM and the scalar multiply) and the rows assembled
     * in one pass: two ND4J ops (sin, cos) in place of six; bit for bit {@code hstack(x, embed(t))}.
     */
    INDArray input(INDArray x, INDArray t) {
        if (classes > 0 || t.columns() != 1 || !VectorKernels.enabledFor(x) || !VectorKernels.enabledFor(t)) return Nd4j.hstack(x, embed(t));
        int n = (int) x.rows();
        int d = (int) x.columns();
        int k = (int) frequencies.columns();
        float[] w = frequencyValues;
        float[] times = new float[n];
        NativeFloats.of(t).get(0, times, 0, n);
        float twoPi = (float) (2 * Math.PI);
        float[] angles = new float[n * k];
        for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) angles[i * k + j] = times[i] * w[j] * twoPi;
        INDArray a = Nd4j.createFromArray(angles).reshape(n, k);
        float[] sin = Transforms.sin(a, true).data().asFloat();
        float[] cos = Transforms.cos(a, false).data().asFloat();
        float[] xs = new float[n * d];
        NativeFloats.of(x).get(0, xs, 0, n * d);
        int width = d + 2 * k;
        float[] rows = new float[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(xs, i * d, rows, i * width, d);
            System.arraycopy(sin, i * k, rows, i * width + d, k);
            System.arraycopy(cos, i * k, rows, i * width + d + k, k);
        }
        return Nd4j.createFromArray(rows).reshape(n, width);
    }

    /** True when both draw the same random frequencies (the same seed and settings). */
    boolean sameFrequencies(FourierFeatures other) {
        return frequencies.equalsWithEps(other.frequencies, 0);
    }

    int dim() {
        return 2 * (int) frequencies.columns() + (classes > 0 ? classes + 1 : 0);
    }

    /** The embedding of conditioning rows (n × 1: τ; n × 2: τ and the label, 0..classes, classes = none), n × dim. */
    INDArray embed(INDArray t) {
        INDArray time = t.columns() == 1 ? t : t.getColumn(0).reshape(t.rows(), 1);
        INDArray angles = Nd4j.gemm(time, frequencies, false, false).muli(2 * Math.PI);
        INDArray features = Nd4j.hstack(Transforms.sin(angles, true), Transforms.cos(angles, false));
        if (classes == 0) return features;
        double[] labels = t.columns() == 1 ? null : t.getColumn(1).toDoubleVector();
        INDArray onehot = Nd4j.zeros(t.dataType(), t.rows(), classes + 1);
        for (int i = 0; i < t.rows(); i++) onehot.putScalar(i, labels == null ? classes : (int) labels[i], 1.0);
        return Nd4j.hstack(features, onehot);
    }
}
