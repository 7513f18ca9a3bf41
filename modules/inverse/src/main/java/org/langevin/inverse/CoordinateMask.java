package org.langevin.inverse;

import java.util.Optional;
import java.util.stream.IntStream;
import org.langevin.core.LinearOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Observes a subset of coordinates (pixels, frames): A is the rows of I_D at the observed indices, so A Aᵀ = I. */
final class CoordinateMask implements LinearOperator {
    private final int dim;
    private final int[] observed;

    CoordinateMask(int dim, int[] observed) {
        if (observed.length == 0) throw new IllegalArgumentException("observes no coordinate");
        this.dim = dim;
        this.observed = observed.clone();
    }

    /** The mask from a 0/1 flag per coordinate (1 = observed). */
    static CoordinateMask of(boolean[] observed) {
        return new CoordinateMask(observed.length, IntStream.range(0, observed.length).filter(i -> observed[i]).toArray());
    }

    @Override
    public Optional<int[]> observedCoordinates() {
        return Optional.of(observed.clone());
    }

    @Override
    public int inputDim() {
        return dim;
    }

    @Override
    public int outputDim() {
        return observed.length;
    }

    @Override
    public INDArray apply(INDArray x) {
        return x.castTo(DataType.DOUBLE).getColumns(observed);
    }

    @Override
    public INDArray adjoint(INDArray y) {
        double[] flat = y.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int n = (int) y.rows();
        double[] out = new double[n * dim];
        for (int i = 0; i < n; i++) for (int j = 0; j < observed.length; j++) out[i * dim + observed[j]] = flat[i * observed.length + j];
        return Nd4j.create(out, new long[] {n, dim}, 'c');
    }

    @Override
    public double gramScale() {
        return 1;
    }
}
