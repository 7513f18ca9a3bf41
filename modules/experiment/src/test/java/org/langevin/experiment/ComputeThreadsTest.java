package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.langevin.core.ComputeThreads;
import org.langevin.core.ConfigException;
import org.langevin.core.Settings;
import org.langevin.experiment.config.ExperimentConfig;

/** threads: auto takes one thread for points and 8 × 8 frames and the limit for larger frames; a number is taken as it is. */
class ComputeThreadsTest {
    @Test
    void autoFollowsTheFrameSizeAndANumberIsKept() {
        Settings auto = ExperimentConfig.load(null, List.of()).settings();
        // a limit of 4 cores, unlike the test JVM's own (OMP_NUM_THREADS=1), tells auto's two answers apart
        assertThat(ComputeThreads.resolve(auto, 0, 4)).isEqualTo(1);
        assertThat(ComputeThreads.resolve(auto, 8 * 8, 4)).isEqualTo(1);
        assertThat(ComputeThreads.resolve(auto, 9 * 9, 4)).isEqualTo(4);
        assertThat(ComputeThreads.resolve(auto, 28 * 28, 4)).isEqualTo(4);
        Settings three = ExperimentConfig.load(null, List.of("threads=3")).settings();
        assertThat(ComputeThreads.resolve(three, 0, 4)).isEqualTo(3);
        assertThat(ComputeThreads.resolve(three, 28 * 28, 4)).isEqualTo(3);
        Settings none = ExperimentConfig.load(null, List.of("threads=0")).settings();
        assertThatThrownBy(() -> ComputeThreads.resolve(none, 28 * 28, 4)).isInstanceOf(ConfigException.class).hasMessageContaining("threads");
    }
}
