package org.langevin.experiment.assembly;

import org.langevin.core.MachineMemory;
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

    /** @param exactTrace the loss differentiates the score's exact divergence: every batch row goes through the network D times */
    static void check(Settings s, int dim, boolean trains, boolean likelihood, boolean exactTrace) {
        long machine = machineBytes();
        long heap = MachineMemory.heap();
        if (trains) {
            int batch = s.integer("train.batch_size", 1);
            double copies = exactTrace ? dim : 1;
            need("train.batch_size", copies * batch * (8.0 * 16 * dim + NETWORK_BYTES_PER_POINT), machine, "the machine's memory",
                    "training batches of " + batch + (exactTrace ? ", each row once per coordinate (" + dim + ") for the exact trace" : ""));
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
        need(key, 8.0 * n * dim * 2, MachineMemory.heap(), "the Java heap (-Xmx)", n + " samples of dimension " + dim);
    }

    private static void need(String key, double bytes, long available, String where, String what) {
        MachineMemory.need(key, bytes, available, where, what);
    }

    private static long machineBytes() {
        return MachineMemory.total();
    }
}
