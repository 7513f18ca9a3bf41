package org.langevin.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.langevin.core.ComputeThreads;

/** Jobs as child JVMs of this process, {@code parallel} at a time, each with its share of the cores. */
public final class LocalExecutor implements SweepExecutor {
    private final Path home;

    public LocalExecutor(Path home) {
        this.home = home;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void run(List<CellJob> jobs, int parallel, String master, Map<String, String> env, Consumer<CellJob.Ending> onEnd) throws Exception {
        int threads = threadsPerRun(parallel);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (CellJob job : jobs) {
                futures.add(pool.submit(() -> {
                    onEnd.accept(job.launch(ChildJvm.command(home), threads, null, Map.of()));
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow(); // interrupts running launches: each child gets SIGTERM and marks its run KILLED
            // their endings are reported before the sweep sums up (a child writing its checkpoint may take a while)
            while (!pool.awaitTermination(150, TimeUnit.SECONDS)) pool.shutdownNow();
        }
    }

    /** Threads per run: the cores this process may take ({@link ComputeThreads#limit()}) split between the parallel runs. */
    static int threadsPerRun(int parallel) {
        return Math.max(1, ComputeThreads.limit() / parallel);
    }
}
