package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A time-dependent vector field v(x, t), applied row-wise. */
@FunctionalInterface
public interface VectorField {
    INDArray apply(INDArray x, double t);
}
