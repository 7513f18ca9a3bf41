package org.langevin.score;

import org.langevin.core.RandomStream;
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
    private final int classes;

    FourierFeatures(int dim, double scale, int classes, DataType type, RandomStream init) {
        if (dim < 2 || dim % 2 != 0) throw new IllegalArgumentException("embedding dimension must be even and at least 2");
        this.frequencies = init.normal(type, 1, dim / 2).muli(scale);
        this.classes = classes;
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
