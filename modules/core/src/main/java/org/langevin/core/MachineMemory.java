package org.langevin.core;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What a run may allocate: the machine's memory (ND4J's arrays live outside the Java heap) and the Java heap. A need
 * beyond either is refused before anything is allocated, naming the key that sets it; a native allocation that fails
 * anyway (C++'s std::bad_alloc through JavaCPP) is told apart from other errors and reported as an out-of-memory.
 */
public final class MachineMemory {
    private MachineMemory() {}

    /** Bytes of physical memory of this machine. */
    public static long total() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) return os.getTotalMemorySize();
        return Long.MAX_VALUE;
    }

    /** The Java heap's limit (-Xmx). */
    public static long heap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** Refuses {@code what} when it needs more than {@code available} bytes ({@code where} names them). */
    public static void need(String key, double bytes, long available, String where, String what) {
        if (bytes > available) {
            throw new ConfigException(key, String.format(Locale.ROOT, "%s needs at least %s, more than the %s of %s", what, size(bytes),
                    size(available), where));
        }
    }

    /** Refuses {@code what} when it needs more than the machine's memory. */
    public static void need(String key, double bytes, String what) {
        need(key, bytes, total(), "the machine's memory", what);
    }

    /** True for an error that is a failed native allocation rather than a defect. */
    public static boolean allocationFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) return true;
            String message = String.valueOf(t.getMessage());
            if (message.contains("bad_alloc") || message.contains("Cannot allocate") || message.contains("Failed to allocate")) return true;
        }
        return false;
    }

    private static String size(double bytes) {
        return bytes >= 1e12 ? String.format(Locale.ROOT, "%.1f TB", bytes / 1e12) : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
