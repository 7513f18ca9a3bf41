package org.langevin.core;

import org.bytedeco.javacpp.Pointer;

/**
 * ND4J frees the native memory behind an op's buffers (results, shape information, op contexts, views) only once the
 * garbage collector finds their small Java handles dead, and its deallocator's bookkeeping carries them into the old
 * generation, which steady young collections never clear: a U-Net training run grew by 300 MB a minute, and a loop of
 * forward and backward passes outside a workspace (an EMA choice's held-out loss) by 200 MB a second. One watcher per
 * process looks at the resident set four times a second and asks for a full collection when it has grown since the
 * last one: by {@link #GROWTH} bytes at once, or at all after five seconds. A flat or idle process is left alone; every
 * loop is covered, whoever wrote it (the cost in a training run: ~1 %).
 */
public final class NativeMemory {
    private static final long PERIOD_MILLIS = 250;
    private static final long INTERVAL_NANOS = 5_000_000_000L;
    private static final long GROWTH = 512L << 20;
    private static final long SOME = 16L << 20;
    private static Thread watcher;

    private NativeMemory() {}

    /** Starts the process's watcher unless it runs already. */
    public static synchronized void watch() {
        if (watcher != null) return;
        watcher = new Thread(NativeMemory::run, "native-memory");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Whether the resident set calls for a collection: grown by {@link #GROWTH}, or by a little once the interval is over. */
    static boolean due(long resident, long afterLast, long nanosSinceLast) {
        long grown = resident - afterLast;
        return grown >= GROWTH || grown >= SOME && nanosSinceLast >= INTERVAL_NANOS;
    }

    private static void run() {
        long afterLast = Pointer.physicalBytes();
        long last = System.nanoTime();
        while (true) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            if (!due(Pointer.physicalBytes(), afterLast, now - last)) continue;
            System.gc();
            last = System.nanoTime();
            try {
                Thread.sleep(PERIOD_MILLIS); // ND4J's deallocator thread frees what the collection found dead
            } catch (InterruptedException e) {
                return;
            }
            afterLast = Pointer.physicalBytes();
        }
    }
}
