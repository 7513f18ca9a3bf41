package org.langevin.experiment.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.langevin.core.MachineMemory;
import org.langevin.experiment.RunFailedException;
import org.langevin.tracking.RunLease;
import org.langevin.tracking.TrackedRun;

/**
 * How a run ends, exactly once: FINISHED when its work returns, FAILED with the reason when it throws, KILLED when a
 * signal (SIGTERM, Ctrl-C) ends the process first. On a signal the work is asked to stop at a safe point (training writes
 * its checkpoint) and waited for up to a minute, and then the command's report of it (see {@link LastWords}). While it
 * is open the run's {@link RunLease} beats, so that a process that dies without a word leaves a run others mark KILLED.
 */
public final class RunLifecycle implements AutoCloseable {
    private final TrackedRun run;
    private final AtomicBoolean ended = new AtomicBoolean(false);
    private final CountDownLatch settled = new CountDownLatch(1);
    private final Thread hook;
    /** Set once a signal has begun the shutdown: an error of the work from then on is the shutdown's, not a failure. */
    private volatile boolean signalled;
    /** The heartbeat that tells other processes this run's process lives. */
    private final RunLease lease;

    /** @param stopWork asks the work to stop; true if it will stop by itself and should be waited for */
    public RunLifecycle(TrackedRun run, BooleanSupplier stopWork) {
        this.run = run;
        this.hook = new Thread(() -> {
            signalled = true;
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
            LastWords.unlessSaid("run " + run.runId() + " KILLED by a signal before it finished", run.runId());
        });
        Runtime.getRuntime().addShutdownHook(hook);
        LastWords.opened();
        lease = run.online() ? RunLease.take(run) : null;
    }

    public void finish() {
        if (ended.compareAndSet(false, true)) run.finish();
    }

    public void fail(String reason) {
        if (ended.compareAndSet(false, true)) run.fail(reason);
    }

    void kill() {
        if (ended.compareAndSet(false, true)) run.kill();
    }

    /** Ends the run FAILED for an error after it existed, and the exception that reports it with the run's id and status. */
    public RunFailedException failed(Throwable e) {
        if (e instanceof RunFailedException f) { // a stage that ended the run itself (or told how): it ends once
            fail(f.getMessage());
            return f;
        }
        if (signalled) { // the JVM is shutting down under the work (a hook it tried to add, a closed stream): KILLED, as the signal meant
            kill();
            return new RunFailedException("run " + run.runId() + " KILLED by a signal (" + e.getMessage() + ")", run.runId(), "KILLED");
        }
        String reason = !MachineMemory.allocationFailed(e) ? String.valueOf(e.getMessage())
                : "out of memory (" + e.getMessage() + "); lower train.batch_size, sampler.n_samples or sampler.batch_size, or give Java more memory "
                + "(LANGEVIN_JAVA_OPTS=-Xmx...)";
        fail(reason);
        return new RunFailedException("run " + run.runId() + " FAILED: " + reason, run.runId(), "FAILED", e);
    }

    @Override
    public void close() {
        if (lease != null) lease.close();
        LastWords.closed();
        settled.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running
        }
    }
}
