package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an inverse problem observes: y = A x + σ_y n with n ~ N(0, I), σ_y ≥ 0 in the units of the data (not of a
 * rescaled copy). {@code y} holds one observation per row: either one row shared by every sample, or one row per sample.
 */
public record Measurement(LinearOperator operator, INDArray y, double noise) {
    public Measurement {
        if (!(noise >= 0) || Double.isInfinite(noise)) throw new IllegalArgumentException("the measurement noise σ_y must be finite and "
                + "≥ 0, got " + noise);
        if (y.columns() != operator.outputDim()) {
            throw new IllegalArgumentException("the observation has " + y.columns() + " values, the operator measures " + operator.outputDim());
        }
    }

    /** The observations per row for n samples: the shared row repeated, or y itself when it has one row per sample. */
    public INDArray rows(int n) {
        if (y.rows() == n) return y;
        if (y.rows() != 1) throw new IllegalArgumentException("need 1 or " + n + " observation rows, got " + y.rows());
        return y.repeat(0, n);
    }

    /** Observation i as a plain vector. */
    public double[] observation(int i) {
        return y.getRow(i).toDoubleVector();
    }
}
