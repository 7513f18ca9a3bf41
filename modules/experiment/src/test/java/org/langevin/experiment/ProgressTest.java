package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.evaluation.Progress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ProgressTest {
    /**
     * A resumed run's bar starts at its checkpoint: its speed and time left count from that start (the library's rate is
     * (current − start) / time since the start), not from step 0, which would show the earlier process's steps as done now.
     */
    @Test
    void resumedBarStartsAtItsCheckpoint() {
        try (ProgressBar bar = Progress.bar(new PrintStream(OutputStream.nullOutputStream()), "train", 3000, 6000)) {
            bar.stepTo(3010);
            assertThat(bar.getStart()).isEqualTo(3000);
            assertThat(bar.getCurrent()).isEqualTo(3010);
            assertThat(bar.getMax()).isEqualTo(6000);
        }
    }

    /** A pass inside training (an FID pass) shows its own progress in training's bar, and leaves the bar's message as it was. */
    @Test
    void aSidePassShowsItsProgressInTheRunningBar() {
        ExperimentParts parts = ExperimentParts.build(ExperimentConfig.load(null, List.of()));
        List<String> shown = new ArrayList<>();
        try (ProgressBar bar = Progress.bar(new PrintStream(OutputStream.nullOutputStream()), "train", 0, 100)) {
            bar.setExtraMessage(" loss 1.0");
            Progress.sidePass(bar, "FID at step 5", parts, parts.score(), 10, () -> false, model -> {
                model.score(Nd4j.zeros(DataType.DOUBLE, 10, 2), parts.sde().horizon() / 2);
                shown.add(bar.getExtraMessage());
                return null;
            });
            shown.add(bar.getExtraMessage());
        }
        assertThat(shown.get(0)).matches(" FID at step 5: [1-9][0-9]?%");
        assertThat(shown.get(1)).isEqualTo(" loss 1.0");
    }

    /** A stop asked for during a side pass ends it at its next score evaluation, and the bar's message is restored. */
    @Test
    void aStopEndsASidePassAtItsNextEvaluation() {
        ExperimentParts parts = ExperimentParts.build(ExperimentConfig.load(null, List.of()));
        boolean[] stop = {false};
        int[] evaluations = {0};
        try (ProgressBar bar = Progress.bar(new PrintStream(OutputStream.nullOutputStream()), "train", 0, 100)) {
            bar.setExtraMessage(" loss 1.0");
            assertThatThrownBy(() -> Progress.sidePass(bar, "FID pass", parts, parts.score(), 10, () -> stop[0], model -> {
                for (int k = 0; k < 5; k++) {
                    model.score(Nd4j.zeros(DataType.DOUBLE, 10, 2), parts.sde().horizon() * (1 - k / 10.0));
                    evaluations[0]++;
                    stop[0] = k == 1;
                }
                return null;
            })).isInstanceOf(Progress.PassStopped.class);
            assertThat(evaluations[0]).isEqualTo(2);
            assertThat(bar.getExtraMessage()).isEqualTo(" loss 1.0");
        }
    }
}
