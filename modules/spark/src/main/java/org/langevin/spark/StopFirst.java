package org.langevin.spark;

import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;

/**
 * A signal stops a run on workers as it stops one on this machine: at the next sync point, with a checkpoint and the
 * resume line. Spark's own shutdown hooks would end the workers first (a local cluster's executors, then the context),
 * so this hook, ahead of them in Spark's order, holds them back while a training runs, for at most 70 seconds (the run's
 * own hook waits 60 for the stop), and then stops the context itself: the hooks after it find nothing to end, and a
 * stopped run's last lines are its own, not the executors' failures.
 */
final class StopFirst implements AutoCloseable {
    private static final long WAIT_MILLIS = 70_000;
    private final Object hook;
    private boolean training;

    /** @param then what ends the workers (the context's stop) */
    StopFirst(Runnable then) {
        // Spark runs its hooks one by one, the highest priority first; executors' runners and the context come below this
        hook = ShutdownHookManager.addShutdownHook(ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY() + 10, () -> {
            awaitTrainingEnd();
            then.run();
            return BoxedUnit.UNIT;
        });
    }

    /** A training starts (true) or has ended (false). */
    synchronized void training(boolean running) {
        training = running;
        notifyAll();
    }

    private synchronized void awaitTrainingEnd() {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        try {
            for (long left = WAIT_MILLIS; training && left > 0; left = deadline - System.currentTimeMillis()) wait(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (!ShutdownHookManager.inShutdown()) ShutdownHookManager.removeShutdownHook(hook);
    }
}
