package org.langevin.sweep;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a sweep's jobs run: {@code local} (child JVMs on this machine) or an implementation found on the class path
 * through {@link java.util.ServiceLoader} (modules/spark provides {@code spark}). Every job is a {@code langevin run}
 * in its own JVM either way, so a run's metrics do not depend on the executor.
 */
public interface SweepExecutor {
    /** The name {@code --executor} selects. */
    String name();

    /**
     * Runs every job and hands each ending to {@code onEnd} as it is known (possibly from another thread).
     *
     * @param parallel jobs at a time (local; the local master of a distributed executor)
     * @param master the cluster to use, or null for the executor's default
     */
    void run(List<CellJob> jobs, int parallel, String master, Map<String, String> env, Consumer<CellJob.Ending> onEnd) throws Exception;
}
