package org.langevin.experiment;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The process's last words on a signal: when a run stops by itself at a safe point (training writes its checkpoint),
 * the command that ran it still reports how it ended ("KILLED at step N; continue it with ..."). The JVM halts once its
 * shutdown hooks return, so the run's hook waits for that report, a few seconds at most.
 */
public final class LastWords {
    private static final CountDownLatch SAID = new CountDownLatch(1);

    private LastWords() {}

    /** The command has printed its result (called once it has flushed its output). */
    public static void said() {
        SAID.countDown();
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
