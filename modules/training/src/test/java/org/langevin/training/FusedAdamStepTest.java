package org.langevin.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** The fused optimizer pass against ND4J's Adam updater and element-wise ops, over 60 steps with clipping and a changing rate: equal bit for bit. */
class FusedAdamStepTest {
    @Test
    void oneFusedPassEqualsNd4jsAdamUpdateAndEmaBitForBit() {
        int n = 4096 * 2 + 37; // two full chunks and a tail
        RandomStreams streams = new RandomStreams(11);
        INDArray start = streams.get("init").normal(DataType.FLOAT, 1, n);
        Adam adam = new Adam(new MapSchedule.Builder(ScheduleType.ITERATION).add(0, 2e-3).add(20, 1e-3).add(40, 5e-4).build());
        INDArray stateA = Nd4j.zeros(DataType.FLOAT, 1, 2 * n);
        INDArray stateB = stateA.dup();
        GradientUpdater<?> updater = adam.instantiate(stateA, true);
        INDArray paramsA = start.dup();
        INDArray paramsB = start.dup();
        INDArray emaA = start.dup();
        INDArray emaB = start.dup();
        assertThat(FusedAdamStep.applies(paramsB, stateB, emaB, start)).as("the float CPU path runs in the tests").isTrue();
        for (int step = 0; step < 60; step++) {
            INDArray g = streams.get("grad").normal(DataType.FLOAT, 1, n).muli(step % 7 == 0 ? 10 : 1);
            double clip = step % 7 == 0 ? 0.37 : 1.0;
            double d = Math.min(0.999, (1.0 + step) / (10.0 + step));
            INDArray gA = g.dup();
            if (clip != 1.0) gA.muli(clip);
            updater.applyUpdater(gA, step, 0);
            paramsA.subi(gA);
            emaA.muli(d).addi(paramsA.mul(1.0 - d));
            FusedAdamStep.apply(g.dup(), clip, stateB, paramsB, emaB, adam.getLearningRate(step, 0), step, adam.getBeta1(), adam.getBeta2(),
                    adam.getEpsilon(), d);
        }
        assertClose(stateB, stateA, "Adam's moments (m, then v)");
        assertClose(paramsB, paramsA, "parameters");
        assertClose(emaB, emaA, "EMA");
    }

    private static void assertClose(INDArray actual, INDArray expected, String what) {
        assertThat(actual.toFloatVector()).as(what + ", bit for bit").containsExactly(expected.toFloatVector());
    }
}
