package org.langevin.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The threads a run computes with (key {@code threads}): ND4J's own loops, oneDNN's OpenMP regions and BLAS, and the
 * Java kernels, which split their work over samples with {@link #forRanges}. The launcher starts every native library at
 * one thread (OMP_NUM_THREADS=1); a run raises the count at start, on the thread that computes, because OpenMP keeps it
 * per calling thread. {@code auto}: one thread for points, whose small matrix products are fastest single-threaded, and
 * for tiny images; {@link #limit()} for larger images and clips, whose convolutions scale.
 */
public final class ComputeThreads {
    private static final String COUNT = "[1-9]\\d{0,3}"; // a thread count, in the environment or the threads key
    private static volatile int current = started();
    private static ExecutorService pool;

    private ComputeThreads() {}

    /** What the native libraries started with: OMP_NUM_THREADS, else OpenMP's default, every core. */
    private static int started() {
        return count("OMP_NUM_THREADS", Runtime.getRuntime().availableProcessors());
    }

    /** A thread count from the environment variable {@code name}, or {@code otherwise} when it is unset or not a count. */
    private static int count(String name, int otherwise) {
        String value = System.getenv(name);
        return value != null && value.matches(COUNT) ? Integer.parseInt(value) : otherwise;
    }

    /** Sets a child JVM's environment so that it starts at n threads and its auto takes at most n. */
    public static void limitChild(Map<String, String> environment, int n) {
        environment.put("OMP_NUM_THREADS", String.valueOf(n));
        environment.put("LANGEVIN_THREAD_LIMIT", String.valueOf(n));
    }

    /** The cores a run may take: LANGEVIN_THREAD_LIMIT (the launcher's record of the caller's OMP_NUM_THREADS or the cores), else
     * OMP_NUM_THREADS, else every core. */
    public static int limit() {
        return count("LANGEVIN_THREAD_LIMIT", started());
    }

    /** Frames of at most this many pixels train faster on one thread: the 8 × 8 digits' U-Net ran at 0.92 × on two. */
    static final int SMALL_FRAME = 64;

    /**
     * The count the {@code threads} key asks for: a positive whole number, or auto: {@link #limit()} for images and clips
     * whose frames have more than {@link #SMALL_FRAME} pixels, else 1 (points, and the 8 × 8 digits).
     *
     * @param framePixels pixels per frame of the data (0 for points)
     */
    public static int resolve(Settings s, int framePixels) {
        return resolve(s, framePixels, limit());
    }

    /** As {@link #resolve(Settings, int)} with the cores a run may take given. */
    public static int resolve(Settings s, int framePixels, int limit) {
        String value = s.string("threads");
        if (value.equals("auto")) return framePixels > SMALL_FRAME ? limit : 1;
        if (!value.matches(COUNT)) throw new ConfigException("threads", "must be auto or a whole number of threads ≥ 1, got '" + value + "'");
        return Integer.parseInt(value);
    }

    /** Computes with n threads from now on, on the calling thread (ND4J, oneDNN, BLAS) and in the Java kernels. */
    public static synchronized void use(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + n);
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
        if (n != current && pool != null) {
            pool.shutdown();
            pool = null;
        }
        current = n;
    }

    /** The thread count in use. */
    public static int current() {
        return current;
    }

    /** Work on the tasks [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Splits tasks 0 … tasks − 1 into {@link #current()} contiguous ranges and runs them at once, the first on the calling
     * thread. Each task must write only its own outputs, so that the result does not depend on the thread count.
     */
    public static void forRanges(int tasks, Range body) {
        int parts = Math.min(current, tasks);
        if (parts <= 1) {
            body.run(0, tasks);
            return;
        }
        List<Future<?>> running = new ArrayList<>(parts - 1);
        ExecutorService workers = workers();
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) tasks * p / parts);
            int to = (int) ((long) tasks * (p + 1) / parts);
            running.add(workers.submit(() -> body.run(from, to)));
        }
        body.run(0, tasks / parts);
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the kernel's other threads ran", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static synchronized ExecutorService workers() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(current - 1, r -> {
                Thread t = new Thread(r, "langevin-kernel");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }
}
