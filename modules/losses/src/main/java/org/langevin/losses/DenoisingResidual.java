package org.langevin.losses;

import org.langevin.core.Arrays2;
import org.langevin.core.Loss;
import org.langevin.core.kernels.NativeFloats;
import org.langevin.core.kernels.VectorKernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The denoising score-matching loss of a batch and its gradient with respect to the score, from the scaled residual
 * r = σ s + z: L = (1/n) Σ_i (w_i/σ_i²) ‖r_i‖² and ∂L/∂s_i = 2 (w_i/σ_i²) σ_i r_i / n (Vincent 2011). On the float CPU
 * path one Java pass over the batch; else ND4J's column-vector ops. The gradient is the same float for float in both (each
 * product and sum rounded once, in the same order); the loss is summed in double in the Java pass and by ND4J's float
 * reduction in the other, so the two differ in its last digits.
 */
final class DenoisingResidual {
    private DenoisingResidual() {}

    /** The loss and ∂L/∂s (a new array of the score's type). */
    static Loss.Value of(INDArray score, INDArray z, double[] std, double[] weight) {
        int n = (int) score.rows();
        if (!score.equalShapes(z) || n != std.length || n != weight.length) {
            throw new IllegalArgumentException("a residual of " + score.shapeInfoToString() + " and " + z.shapeInfoToString() + " with "
                    + std.length + " levels and " + weight.length + " weights");
        }
        if (!VectorKernels.enabledFor(score) || !VectorKernels.enabledFor(z) || score.rank() != 2) {
            INDArray sigma = Arrays2.column(std, score.dataType());
            INDArray residual = score.mulColumnVector(sigma).addi(z);
            INDArray perRow = Arrays2.column(weight, score.dataType()).divi(sigma).divi(sigma);
            double loss = residual.mul(residual).mulColumnVector(perRow).sumNumber().doubleValue() / n;
            return new Loss.Value(loss, residual.mulColumnVector(perRow.mul(sigma)).muli(2.0 / n));
        }
        int d = (int) score.columns();
        float[] s = new float[n * d];
        float[] zs = new float[n * d];
        NativeFloats.of(score).get(0, s, 0, s.length);
        NativeFloats.of(z).get(0, zs, 0, zs.length);
        float twoOverN = (float) (2.0 / n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float sigma = (float) std[i];
            float perRow = (float) weight[i] / sigma / sigma;
            float gradientScale = perRow * sigma;
            for (int j = i * d; j < (i + 1) * d; j++) {
                float r = s[j] * sigma + zs[j];
                sum += r * r * perRow;
                s[j] = r * gradientScale * twoOverN;
            }
        }
        return new Loss.Value(sum / n, Nd4j.createFromArray(s).reshape(n, d));
    }
}
