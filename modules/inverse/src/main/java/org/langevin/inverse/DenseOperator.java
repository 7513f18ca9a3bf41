package org.langevin.inverse;

import java.util.Arrays;
import org.langevin.core.LinearOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A linear operator given by its m × D matrix (a user's matrix, a blur, a pooling), applied as one matrix product. */
final class DenseOperator implements LinearOperator {
    private final double[][] rows;
    private final INDArray matrix; // m × D
    private final double gramScale;

    DenseOperator(double[][] rows, double gramScale) {
        this.rows = rows;
        this.matrix = Nd4j.createFromArray(rows);
        this.gramScale = gramScale;
    }

    @Override
    public int inputDim() {
        return (int) matrix.columns();
    }

    @Override
    public int outputDim() {
        return (int) matrix.rows();
    }

    @Override
    public INDArray apply(INDArray x) {
        return x.castTo(DataType.DOUBLE).mmul(matrix.transpose());
    }

    @Override
    public INDArray adjoint(INDArray y) {
        return y.castTo(DataType.DOUBLE).mmul(matrix);
    }

    @Override
    public double gramScale() {
        return gramScale;
    }

    @Override
    public double[][] matrix() {
        return Arrays.stream(rows).map(double[]::clone).toArray(double[][]::new);
    }
}
