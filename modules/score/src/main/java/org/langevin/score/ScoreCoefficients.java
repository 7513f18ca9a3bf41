package org.langevin.score;

import java.util.Arrays;
import org.langevin.core.Arrays2;
import org.langevin.core.Sde;
import org.langevin.core.kernels.RowAffine;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A parameterization's affine coefficients for every row of a batch, s = outScale · F(inScale · x, timeInput) + skipScale · x,
 * with the scaled network input u = inScale · x. The coefficients are kept per row in Java; the row-scaled products run as
 * one pass each ({@link RowAffine}), and n × 1 columns are made only for the paths that ask for them.
 */
final class ScoreCoefficients {
    private final double[] outScale;
    private final double[] skipScale;
    private final double[] inScale;
    private final INDArray timeInput;
    private final INDArray input;
    private final INDArray x;

    private ScoreCoefficients(double[] outScale, double[] skipScale, double[] inScale, INDArray timeInput, INDArray x) {
        this(outScale, skipScale, inScale, timeInput, allOnes(inScale) ? x : RowAffine.scale(x, inScale), x);
    }

    private ScoreCoefficients(double[] outScale, double[] skipScale, double[] inScale, INDArray timeInput, INDArray input, INDArray x) {
        this.outScale = outScale;
        this.skipScale = skipScale;
        this.inScale = inScale;
        this.timeInput = timeInput;
        this.input = input;
        this.x = x;
    }

    /** The coefficients at one time t for every row: one marginal evaluation (the sampling and likelihood path). */
    static ScoreCoefficients at(Parameterization p, Sde sde, INDArray x, double t) {
        Parameterization.Coefficients c = p.at(t, sde.marginal(t));
        int n = (int) x.rows();
        return new ScoreCoefficients(filled(n, c.outScale()), filled(n, c.skipScale()), filled(n, c.inScale()),
                Arrays2.column(filled(n, c.timeInput()), x.dataType()), x);
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
        return new ScoreCoefficients(values[0], values[1], values[2], Arrays2.column(values[3], x.dataType()), x);
    }

    /** The same coefficients with another conditioning input (the time column with a label column beside it). */
    ScoreCoefficients withTimeInput(INDArray conditioning) {
        return new ScoreCoefficients(outScale, skipScale, inScale, conditioning, input, x);
    }

    /** The network's input u = inScale · x. */
    INDArray input() {
        return input;
    }

    /** The network's conditioning input. */
    INDArray timeInput() {
        return timeInput;
    }

    /** s = outScale · F + skipScale · x for a network output F. */
    INDArray score(INDArray output) {
        return RowAffine.combine(output, outScale, x, skipScale);
    }

    /** outScale · g: a gradient with respect to the score taken back to the network's output (or a probe taken to it). */
    INDArray toOutput(INDArray g) {
        return RowAffine.scale(g, outScale);
    }

    /** vᵀ ∂s/∂x = inScale · (vᵀ ∂F/∂u, given as the network's input gradient) + skipScale · v. */
    INDArray vjp(INDArray inputGradient, INDArray v) {
        return RowAffine.combine(inputGradient, inScale, v, skipScale);
    }

    INDArray outScale() {
        return Arrays2.column(outScale, x.dataType());
    }

    INDArray skipScale() {
        return Arrays2.column(skipScale, x.dataType());
    }

    INDArray inScale() {
        return Arrays2.column(inScale, x.dataType());
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }

    private static boolean allOnes(double[] values) {
        for (double v : values) if (v != 1.0) return false;
        return true;
    }
}
