package org.langevin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class RandomStreamsTest {
    @Test
    void aNewConsumerDoesNotShiftAnotherStream() {
        RandomStreams a = new RandomStreams(42);
        INDArray first = a.get("train/noise").normal(DataType.DOUBLE, 5);
        RandomStreams b = new RandomStreams(42);
        b.get("sample/noise").normal(DataType.DOUBLE, 100);
        INDArray second = b.get("train/noise").normal(DataType.DOUBLE, 5);
        assertThat(second).isEqualTo(first);
        assertThat(new RandomStreams(43).get("train/noise").normal(DataType.DOUBLE, 5)).isNotEqualTo(first);
    }

    @Test
    void savedStatesContinueTheSameSequence() {
        RandomStreams a = new RandomStreams(1);
        a.get("s").normal(DataType.DOUBLE, 10);
        var states = a.states();
        INDArray next = a.get("s").normal(DataType.DOUBLE, 4);
        RandomStreams b = new RandomStreams(1);
        b.restore(states);
        assertThat(b.get("s").normal(DataType.DOUBLE, 4)).isEqualTo(next);
    }

    @Test
    void permutationsAndRademacherDrawsHaveTheirLaws() {
        RandomStream s = new RandomStreams(5).get("p");
        int[] p = s.permutation(1000);
        assertThat(Arrays.stream(p).sorted().toArray()).isEqualTo(IntStream.range(0, 1000).toArray());
        double[] r = s.rademacher(DataType.DOUBLE, 10_000).toDoubleVector();
        assertThat(Arrays.stream(r).allMatch(v -> v == 1 || v == -1)).isTrue();
        assertThat(Arrays.stream(r).average().orElseThrow()).isBetween(-0.05, 0.05);
    }
}
