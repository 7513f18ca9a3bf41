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
final class MemoryBudget {
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
        int samples = s.integer("sampler.n_samples", 1);
        need("sampler.n_samples", 8.0 * samples * dim * 3, machine, "the machine's memory", samples + " samples of dimension " + dim);
        need("sampler.n_samples", 8.0 * samples * dim * 2, heap, "the Java heap (-Xmx)", "evaluating " + samples + " samples of dimension " + dim);
        if (likelihood && s.string("likelihood.prior").equals("moment_matched")) {
            need("likelihood.prior", 8.0 * dim * dim * 3, heap, "the Java heap (-Xmx)", "the moment-matched prior's " + dim + " × " + dim
                    + " covariance (use likelihood.prior: sde, or likelihood.enabled: false)");
        }
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
