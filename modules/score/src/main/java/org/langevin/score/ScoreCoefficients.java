package org.langevin.score;

import org.langevin.core.Arrays2;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A parameterization's affine coefficients for every row of a batch, s = outScale · F(inScale · x, timeInput) + skipScale · x,
 * as n × 1 columns, with the scaled network input u = inScale · x.
 */
record ScoreCoefficients(INDArray outScale, INDArray skipScale, INDArray inScale, INDArray timeInput, INDArray input, INDArray x) {

    /** The coefficients at one time t for every row: one marginal evaluation (the sampling and likelihood path). */
    static ScoreCoefficients at(Parameterization p, Sde sde, INDArray x, double t) {
        Parameterization.Coefficients c = p.at(t, sde.marginal(t));
        long n = x.rows();
        DataType type = x.dataType();
        return of(x, constant(type, n, c.outScale()), constant(type, n, c.skipScale()), constant(type, n, c.inScale()), constant(type, n,
                c.timeInput()));
    }

    /** Per-row coefficients at per-row times (the training path). */
    static ScoreCoefficients at(Parameterization p, Sde sde, INDArray x, INDArray t) {
        int n = (int) x.rows();
        double[] times = t.toDoubleVector();
        double[][] values = new double[4][n];
        for (int i = 0; i < n; i++) {
            Parameterization.Coefficients c = p.at(times[i], sde.marginal(times[i]));
            values[0][i] = c.outScale();
            values[1][i] = c.skipScale();
            values[2][i] = c.inScale();
            values[3][i] = c.timeInput();
        }
        DataType type = x.dataType();
        return of(x, Arrays2.column(values[0], type), Arrays2.column(values[1], type), Arrays2.column(values[2], type),
                Arrays2.column(values[3], type));
    }

    private static ScoreCoefficients of(INDArray x, INDArray outScale, INDArray skipScale, INDArray inScale, INDArray timeInput) {
        return new ScoreCoefficients(outScale, skipScale, inScale, timeInput, x.mulColumnVector(inScale), x);
    }

    /** The same coefficients with another conditioning input (the time column with a label column beside it). */
    ScoreCoefficients withTimeInput(INDArray conditioning) {
        return new ScoreCoefficients(outScale, skipScale, inScale, conditioning, input, x);
    }

    /** s = outScale · F + skipScale · x for a network output (or input gradient) F. */
    INDArray score(INDArray output) {
        return output.mulColumnVector(outScale).addi(x.mulColumnVector(skipScale));
    }

    static INDArray constant(DataType type, long n, double value) {
        return Nd4j.valueArrayOf(new long[] {n, 1}, value, type);
    }
}
