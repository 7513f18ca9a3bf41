package org.langevin.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class RowAffineTest {
    private final RandomStreams streams = new RandomStreams(2);
    private final double[] p = streams.get("p").normal(DataType.DOUBLE, 37).toDoubleVector();
    private final double[] q = streams.get("q").normal(DataType.DOUBLE, 37).toDoubleVector();

    /** The Java pass (row-major float) gives ND4J's column-vector ops (taken for a column-major copy) float for float. */
    @Test
    void theJavaPassEqualsTheColumnVectorOps() {
        INDArray a = streams.get("a").normal(DataType.FLOAT, 37, 5);
        INDArray b = streams.get("b").normal(DataType.FLOAT, 37, 5);
        assertThat(VectorKernels.enabledFor(a)).as("the Java pass runs for a row-major float array").isTrue();
        assertThat(VectorKernels.enabledFor(a.dup('f'))).as("the ND4J ops run for a column-major one").isFalse();
        assertThat(RowAffine.combine(a, p, b, q).data().asFloat())
                .containsExactly(RowAffine.combine(a.dup('f'), p, b.dup('f'), q).dup('c').data().asFloat());
        assertThat(RowAffine.scale(a, p).data().asFloat()).containsExactly(RowAffine.scale(a.dup('f'), p).dup('c').data().asFloat());
    }

    /** Both paths and both types against p_i a_ij + q_i b_ij written out in double. */
    @Test
    void theSumsAreTheRowAffineCombination() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double tolerance = type == DataType.FLOAT ? 1e-5 : 1e-13;
            INDArray a = streams.get("a" + type).normal(type, 37, 5);
            INDArray b = streams.get("b" + type).normal(type, 37, 5);
            for (INDArray[] pair : new INDArray[][] {{a, b}, {a.dup('f'), b.dup('f')}}) {
                double[][] sum = RowAffine.combine(pair[0], p, pair[1], q).toDoubleMatrix();
                double[][] scaled = RowAffine.scale(pair[0], p).toDoubleMatrix();
                for (int i = 0; i < 37; i++) {
                    for (int j = 0; j < 5; j++) {
                        double ai = a.getDouble(i, j);
                        assertThat(sum[i][j]).as("%s", type).isCloseTo(p[i] * ai + q[i] * b.getDouble(i, j), within(tolerance * 10));
                        assertThat(scaled[i][j]).as("%s", type).isCloseTo(p[i] * ai, within(tolerance * 10));
                    }
                }
            }
        }
    }

    /** Arrays of different shapes, or coefficients for another number of rows, are refused rather than read past their end. */
    @Test
    void mismatchedShapesAreRefused() {
        INDArray a = streams.get("a").normal(DataType.FLOAT, 37, 5);
        assertThatThrownBy(() -> RowAffine.combine(a, p, streams.get("b").normal(DataType.FLOAT, 37, 4), q))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RowAffine.scale(a, new double[36])).isInstanceOf(IllegalArgumentException.class);
    }
}
