package org.langevin.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class RowAffineTest {
    /** The Java pass equals ND4J's column-vector ops bit for bit (float), and the ops path serves double. */
    @Test
    void theJavaPassEqualsTheColumnVectorOps() {
        RandomStreams streams = new RandomStreams(2);
        double[] p = streams.get("p").normal(DataType.DOUBLE, 37).toDoubleVector();
        double[] q = streams.get("q").normal(DataType.DOUBLE, 37).toDoubleVector();
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = streams.get("a" + type).normal(type, 37, 5);
            INDArray b = streams.get("b" + type).normal(type, 37, 5);
            INDArray expected = a.mulColumnVector(Arrays2.column(p, type)).addi(b.mulColumnVector(Arrays2.column(q, type)));
            INDArray actual = RowAffine.combine(a, p, b, q);
            assertThat(actual.dataType()).isEqualTo(type);
            assertThat(actual.data().asDouble()).as("%s", type).containsExactly(expected.data().asDouble());
            INDArray scaled = RowAffine.scale(a, p);
            assertThat(scaled.dataType()).isEqualTo(type);
            assertThat(scaled.data().asDouble()).as("%s", type).containsExactly(a.mulColumnVector(Arrays2.column(p, type)).data().asDouble());
        }
        assertThat(VectorKernels.enabledFor(DataType.FLOAT)).as("the float path ran on the kernels").isTrue();
    }
}
