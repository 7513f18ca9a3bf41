package org.langevin.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeMemoryTest {
    private static final long MB = 1L << 20;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFastGrowthIsCollectedAtOnce() {
        assertThat(NativeMemory.due(1_000 * MB + 512 * MB, 1_000 * MB, SECOND / 4)).isTrue();
        assertThat(NativeMemory.due(1_000 * MB + 511 * MB, 1_000 * MB, SECOND / 4)).isFalse();
    }

    @Test
    void aSlowGrowthIsCollectedAfterFiveSeconds() {
        assertThat(NativeMemory.due(1_000 * MB + 16 * MB, 1_000 * MB, 5 * SECOND)).isTrue();
        assertThat(NativeMemory.due(1_000 * MB + 16 * MB, 1_000 * MB, 4 * SECOND)).isFalse();
    }

    @Test
    void aFlatOrShrinkingProcessIsLeftAlone() {
        assertThat(NativeMemory.due(1_000 * MB + 15 * MB, 1_000 * MB, 60 * SECOND)).isFalse();
        assertThat(NativeMemory.due(800 * MB, 1_000 * MB, 60 * SECOND)).isFalse();
    }

    @Test
    void oneDaemonWatcherPerProcess() throws Exception {
        NativeMemory.watch();
        Thread watcher = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("native-memory")).findFirst().orElseThrow();
        assertThat(watcher.isDaemon()).isTrue();
        assertThat(watcher.isAlive()).isTrue();
        NativeMemory.watch(); // once per process
        assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("native-memory")).count()).isEqualTo(1);
    }
}
