package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

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
}
