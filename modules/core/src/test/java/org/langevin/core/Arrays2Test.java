package org.langevin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Arrays2Test {
    /** A column made in its type holds the values a cast op would give, bit for bit, in every type. */
    @Test
    void aColumnMadeInItsTypeEqualsTheCastOpsColumn() {
        double[] values = new double[1000];
        Random random = new Random(5);
        for (int i = 0; i < values.length; i++) values[i] = Math.scalb(random.nextDouble() - 0.5, random.nextInt(40) - 20);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.HALF}) {
            INDArray expected = Nd4j.createFromArray(values).reshape(values.length, 1).castTo(type);
            INDArray actual = Arrays2.column(values, type);
            assertThat(actual.dataType()).isEqualTo(type);
            assertThat(actual.shape()).containsExactly(values.length, 1);
            assertThat(actual.castTo(DataType.DOUBLE).data().asDouble()).as("%s", type).containsExactly(expected.castTo(DataType.DOUBLE)
                    .data().asDouble());
        }
    }
}
