package org.langevin.experiment;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.langevin.core.ConfigException;
import org.langevin.core.Settings;

/**
 * A run's largest memory needs, estimated from its settings and its data's dimension before anything runs, against the
 * machine's memory (ND4J's arrays live outside the Java heap) and the Java heap (the evaluation's copies). The estimates
 * are lower bounds: a run refused here cannot fit; one accepted may still run out, and then ends FAILED with its reason.
 */
public final class MemoryBudget {
    /** Bytes per training point besides its coordinates: activations and their gradients of a small network. */
    private static final double NETWORK_BYTES_PER_POINT = 8 * 4096;

    private MemoryBudget() {}

    static void check(Settings s, int dim, boolean trains, boolean likelihood) {
        long machine = machineBytes();
        long heap = Runtime.getRuntime().maxMemory();
        if (trains) {
            int batch = s.integer("train.batch_size", 1);
            need("train.batch_size", batch * (8.0 * 16 * dim + NETWORK_BYTES_PER_POINT), machine, "the machine's memory", "training batches of " + batch);
        }
        checkSamples("sampler.n_samples", s.integer("sampler.n_samples", 1), dim);
        if (likelihood && s.string("likelihood.prior").equals("moment_matched")) {
            need("likelihood.prior", 8.0 * dim * dim * 3, heap, "the Java heap (-Xmx)", "the moment-matched prior's " + dim + " × " + dim
                    + " covariance (use likelihood.prior: sde, or likelihood.enabled: false)");
        }
    }

    /** {@code n} samples of dimension {@code dim}: drawn (the machine's memory) and written or evaluated (the Java heap). */
    public static void checkSamples(String key, int n, int dim) {
        need(key, 8.0 * n * dim * 3, machineBytes(), "the machine's memory", n + " samples of dimension " + dim);
        need(key, 8.0 * n * dim * 2, Runtime.getRuntime().maxMemory(), "the Java heap (-Xmx)", n + " samples of dimension " + dim);
    }

    private static void need(String key, double bytes, long available, String where, String what) {
        if (bytes > available) {
            throw new ConfigException(key, String.format(Locale.ROOT, "%s needs at least %s, more than the %s of %s", what, size(bytes), size(available), where));
        }
    }

    private static String size(double bytes) {
        return bytes >= 1e12 ? String.format(Locale.ROOT, "%.1f TB", bytes / 1e12) : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    private static long machineBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) return os.getTotalMemorySize();
        return Long.MAX_VALUE;
    }
}
