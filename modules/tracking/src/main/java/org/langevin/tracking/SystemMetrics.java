package org.langevin.tracking;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A run's system metrics, sampled every {@code interval} seconds on a daemon thread and logged under the names MLflow's
 * own system-metrics monitor uses (so the run page's System metrics tab charts them), with the sample index as the step:
 * {@code system/cpu_utilization_percentage} (the whole machine), {@code system/system_memory_usage_megabytes} and
 * {@code _percentage}; and the process's own {@code system/process_cpu_utilization_percentage},
 * {@code system/process_resident_memory_megabytes} (VmRSS, Linux) and {@code system/jvm_heap_used_megabytes}.
 */
public final class SystemMetrics implements AutoCloseable {
    private static final double MB = 1024.0 * 1024.0;
    private final ScheduledExecutorService timer;

    private SystemMetrics(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts sampling into the run (the first sample at once); interval 0: none. */
    public static SystemMetrics start(TrackedRun run, double intervalSeconds) {
        if (intervalSeconds <= 0) return new SystemMetrics(null);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "system-metrics");
            t.setDaemon(true);
            return t;
        });
        long[] step = {0};
        timer.scheduleAtFixedRate(() -> {
            try {
                for (Map.Entry<String, Double> e : sample().entrySet()) run.logMetric(e.getKey(), e.getValue(), step[0]);
                run.flush(); // the charts follow the run live
                step[0]++;
            } catch (RuntimeException e) {
                // a failed sample is skipped; the run goes on
            }
        }, 0, Math.round(intervalSeconds * 1000), TimeUnit.MILLISECONDS);
        return new SystemMetrics(timer);
    }

    /** One sample of every metric this platform provides. */
    public static Map<String, Double> sample() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            double cpu = os.getCpuLoad();
            if (cpu >= 0) m.put("system/cpu_utilization_percentage", 100 * cpu);
            double process = os.getProcessCpuLoad();
            if (process >= 0) m.put("system/process_cpu_utilization_percentage", 100 * process);
            long total = os.getTotalMemorySize();
            long used = total - os.getFreeMemorySize();
            m.put("system/system_memory_usage_megabytes", used / MB);
            m.put("system/system_memory_usage_percentage", 100.0 * used / total);
        }
        residentBytes().ifPresent(rss -> m.put("system/process_resident_memory_megabytes", rss / MB));
        m.put("system/jvm_heap_used_megabytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MB);
        return m;
    }

    /** VmRSS from /proc/self/status, where there is one. */
    static OptionalLong residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return OptionalLong.of(1024L * Long.parseLong(line.replaceAll("[^0-9]", "")));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return OptionalLong.empty();
    }

    /** Stops sampling; waits for a sample under way so nothing is logged after the run ends. */
    @Override
    public void close() {
        if (timer == null) return;
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
