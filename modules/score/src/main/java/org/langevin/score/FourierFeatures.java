package org.langevin.score;

import org.langevin.core.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Gaussian Fourier features of time, γ(τ) = [sin 2π w τ, cos 2π w τ] with w ~ N(0, scale²) fixed (Tancik et al. 2020). */
final class FourierFeatures {
    private final INDArray frequencies; // 1 × dim/2

    FourierFeatures(int dim, double scale, DataType type, RandomStream init) {
        if (dim < 2 || dim % 2 != 0) throw new IllegalArgumentException("embedding dimension must be even and at least 2");
        this.frequencies = init.normal(type, 1, dim / 2).muli(scale);
    }

    int dim() {
        return 2 * (int) frequencies.columns();
    }

    /** γ(τ) for a column of times (n × 1), n × dim. */
    INDArray embed(INDArray t) {
        INDArray angles = Nd4j.gemm(t, frequencies, false, false).muli(2 * Math.PI);
        return Nd4j.hstack(Transforms.sin(angles, true), Transforms.cos(angles, false));
    }
}
