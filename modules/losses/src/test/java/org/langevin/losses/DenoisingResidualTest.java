package org.langevin.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.langevin.core.Loss;
import org.langevin.core.RandomStreams;
import org.langevin.core.kernels.VectorKernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DenoisingResidualTest {
    /**
     * The Java pass gives ND4J's column-vector ops' gradient float for float and their loss to float precision; a
     * column-major copy of the same floats takes the ND4J path. Both equal the loss written out in double.
     */
    @Test
    void theJavaPassEqualsTheNd4jOps() {
        RandomStreams streams = new RandomStreams(5);
        int n = 67;
        int d = 3;
        INDArray score = streams.get("s").normal(DataType.FLOAT, n, d).muli(4);
        INDArray z = streams.get("z").normal(DataType.FLOAT, n, d);
        double[] std = streams.get("std").uniform(DataType.DOUBLE, 0.01, 1.5, n).toDoubleVector();
        double[] weight = streams.get("w").uniform(DataType.DOUBLE, 0.1, 3, n).toDoubleVector();

        Loss.Value fused = DenoisingResidual.of(score, z, std, weight);
        Loss.Value ops = DenoisingResidual.of(score.dup('f'), z.dup('f'), std, weight);

        assertThat(VectorKernels.enabledFor(score)).as("the first call ran the Java pass").isTrue();
        assertThat(VectorKernels.enabledFor(score.dup('f'))).as("the second ran the ND4J ops").isFalse();
        assertThat(fused.gradient().dup('c').data().asFloat()).containsExactly(ops.gradient().dup('c').data().asFloat());
        double[][] s = score.toDoubleMatrix();
        double[][] zz = z.toDoubleMatrix();
        double exact = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) exact += weight[i] * Math.pow(s[i][j] + zz[i][j] / std[i], 2);
        }
        exact /= n;
        assertThat(fused.loss()).isCloseTo(exact, within(1e-5 * exact));
        assertThat(ops.loss()).isCloseTo(exact, within(1e-5 * exact));
        // ∂L/∂s = 2 w (s + z/σ) / n, in double
        double[][] gradient = fused.gradient().toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double expected = 2 * weight[i] * (s[i][j] + zz[i][j] / std[i]) / n;
                assertThat(gradient[i][j]).isCloseTo(expected, within(1e-5 * Math.max(1e-3, Math.abs(expected))));
            }
        }
    }
}
