package org.langevin.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ISchedule;

/** The learning rate by step: linear warm-up, then constant, cosine or inverse-square-root decay. */
class LearningRateScheduleTest {
    private static ISchedule schedule(Trainer.LrSchedule kind) {
        return new Trainer.Options(1000, 32, 0.01, 50, kind, 1.0, 0.999, 0).schedule();
    }

    @Test
    void inverseSqrtHoldsThroughWarmUpThenHalvesAtFourTimesTheWarmUp() {
        ISchedule lr = schedule(Trainer.LrSchedule.INVERSE_SQRT);
        ISchedule constant = schedule(Trainer.LrSchedule.CONSTANT);
        for (int k = 0; k <= 50; k += 10) assertThat(lr.valueAt(k, 0)).as("warm-up step %d", k).isEqualTo(constant.valueAt(k, 0));
        assertThat(lr.valueAt(200, 0)).isCloseTo(0.005, within(1e-15)); // η₀ / √(200 / 50)
        assertThat(lr.valueAt(800, 0)).isCloseTo(0.0025, within(1e-15));
        assertThat(lr.valueAt(999, 0)).isCloseTo(0.01 / Math.sqrt(999 / 50.0), within(1e-15));
    }

    @Test
    void cosineReachesZeroAtTheLastStepAndConstantStays() {
        assertThat(schedule(Trainer.LrSchedule.COSINE).valueAt(1000, 0)).isCloseTo(0, within(1e-15));
        assertThat(schedule(Trainer.LrSchedule.COSINE).valueAt(500, 0)).isCloseTo(0.005, within(1e-15));
        assertThat(schedule(Trainer.LrSchedule.CONSTANT).valueAt(900, 0)).isEqualTo(0.01);
    }
}
