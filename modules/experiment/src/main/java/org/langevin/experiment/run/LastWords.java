package org.langevin.experiment.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The process's last words: every command ends with one report (and with --json one result line), a signal included.
 * When a run stops by itself at a safe point (training writes its checkpoint), the command that ran it still reports how
 * it ended ("KILLED at step N; continue it with ..."), and the run's shutdown hook waits for that report a few seconds at
 * most. When the work cannot stop by itself (sampling, the likelihood, a restoration, a command without a run), the
 * hook reports the KILLED ending itself through the command line's reporter.
 */
public final class LastWords {
    private static final CountDownLatch SAID = new CountDownLatch(1);
    private static final AtomicBoolean SPOKEN = new AtomicBoolean();
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static volatile BiConsumer<String, String> reporter = (message, runId) -> {};

    private LastWords() {}

    /** How the command line reports an ending it did not see: (message, run id or null). */
    public static void reporter(BiConsumer<String, String> report) {
        reporter = report;
    }

    /** The command has printed its result (called once it has flushed its output). */
    public static void said() {
        SPOKEN.set(true);
        SAID.countDown();
    }

    /** Reports a KILLED ending unless the command has reported already. */
    public static void unlessSaid(String message, String runId) {
        if (SPOKEN.compareAndSet(false, true)) {
            reporter.accept(message, runId);
            SAID.countDown();
        }
    }

    /** True while a run's lifecycle is open: its hook, not the process's, reports a signal. */
    public static boolean runOpen() {
        return RUNS.get() > 0;
    }

    static void opened() {
        RUNS.incrementAndGet();
    }

    static void closed() {
        RUNS.decrementAndGet();
    }

    /** Waits up to {@code seconds} for the command's report. */
    static void await(int seconds) {
        try {
            SAID.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
