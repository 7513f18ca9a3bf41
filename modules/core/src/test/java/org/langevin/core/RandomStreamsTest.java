package org.langevin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class RandomStreamsTest {
    /** The workers' shards, put side by side in worker order, are the whole draw of one process, draw after draw. */
    @Test
    void shardsTogetherDrawWhatOneProcessDraws() {
        int shards = 3;
        RandomStreams whole = new RandomStreams(7);
        RandomStreams[] workers = new RandomStreams[shards];
        for (int k = 0; k < shards; k++) workers[k] = new RandomStreams(7).shard(k, shards);
        for (int round = 0; round < 2; round++) {
            INDArray normal = whole.get("train/noise").normal(DataType.FLOAT, 4 * shards, 5);
            INDArray uniform = whole.get("train/time").uniform(DataType.DOUBLE, 0.1, 2.0, 2 * shards);
            INDArray signs = whole.get("train/probe").rademacher(DataType.FLOAT, shards, 6);
            int[] rows = whole.get("train/batch").integers(5 * shards, 1000);
            for (int k = 0; k < shards; k++) {
                RandomStreams w = workers[k];
                assertThat(w.get("train/noise").normal(DataType.FLOAT, 4, 5)).as("normal, worker %d", k)
                        .isEqualTo(normal.get(NDArrayIndex.interval(4 * k, 4 * k + 4), NDArrayIndex.all()));
                assertThat(w.get("train/time").uniform(DataType.DOUBLE, 0.1, 2.0, 2).toDoubleVector()).as("uniform, worker %d", k)
                        .containsExactly(Arrays.copyOfRange(uniform.toDoubleVector(), 2 * k, 2 * k + 2));
                assertThat(w.get("train/probe").rademacher(DataType.FLOAT, 1, 6)).isEqualTo(signs.getRow(k, true));
                assertThat(w.get("train/batch").integers(5, 1000)).containsExactly(Arrays.copyOfRange(rows, 5 * k, 5 * k + 5));
            }
        }
        for (RandomStreams w : workers) {
            assertThat(w.states()).as("each worker's generators stand where the whole draw left them")
                    .usingRecursiveComparison().isEqualTo(whole.states());
        }
        assertThat(new RandomStreams(7).shard(0, 1).get("x").normal(DataType.FLOAT, 3, 2))
                .isEqualTo(new RandomStreams(7).get("x").normal(DataType.FLOAT, 3, 2));
    }

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
