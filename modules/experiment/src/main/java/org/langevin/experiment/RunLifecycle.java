package org.langevin.experiment;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.langevin.tracking.TrackedRun;

/**
 * How a run ends, exactly once: FINISHED when its work returns, FAILED with the reason when it throws, KILLED when a
 * signal (SIGTERM, Ctrl-C) ends the process first. On a signal the work is asked to stop at a safe point (training writes
 * its checkpoint) and waited for up to a minute, and then the command's report of it (see {@link LastWords}).
 */
final class RunLifecycle implements AutoCloseable {
    private final TrackedRun run;
    private final AtomicBoolean ended = new AtomicBoolean(false);
    private final CountDownLatch settled = new CountDownLatch(1);
    private final Thread hook;

    /** @param stopWork asks the work to stop; true if it will stop by itself and should be waited for */
    RunLifecycle(TrackedRun run, BooleanSupplier stopWork) {
        this.run = run;
        this.hook = new Thread(() -> {
            boolean stopsByItself = stopWork.getAsBoolean();
            if (stopsByItself) {
                try {
                    settled.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            kill();
            if (stopsByItself) LastWords.await(10); // the command prints how the run ended and how to continue it
        });
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void finish() {
        if (ended.compareAndSet(false, true)) run.finish();
    }

    void fail(String reason) {
        if (ended.compareAndSet(false, true)) run.fail(reason);
    }

    void kill() {
        if (ended.compareAndSet(false, true)) run.kill();
    }

    @Override
    public void close() {
        settled.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running
        }
    }
}
