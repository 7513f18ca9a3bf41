package org.langevin.core;

import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A linear measurement operator A: ℝ^D → ℝ^m acting on the rows of x (each row x ↦ A x), with its adjoint Aᵀ. The
 * measurement of an inverse problem is y = A x + σ_y n, n ~ N(0, I), in the units of the data.
 */
public interface LinearOperator {
    /** D, the dimension of the data. */
    int inputDim();

    /** m, the dimension of a measurement. */
    int outputDim();

    /** A x per row: n × D to n × m, double precision. */
    INDArray apply(INDArray x);

    /** Aᵀ y per row: n × m to n × D, double precision. */
    INDArray adjoint(INDArray y);

    /** c when A Aᵀ = c I (masks, frame selection, average pooling), NaN otherwise: spares a dense m × m eigendecomposition. */
    default double gramScale() {
        return Double.NaN;
    }

    /** The coordinates A observes one by one (A a selection of coordinates: masks, frames), or empty when A mixes them. */
    default Optional<int[]> observedCoordinates() {
        return Optional.empty();
    }

    /** A as a dense m × D matrix, built by applying A to the standard basis of ℝ^D. */
    default double[][] matrix() {
        return Arrays2.toMatrix(apply(Nd4j.eye(inputDim()).castTo(DataType.DOUBLE)).transpose().dup());
    }
}
