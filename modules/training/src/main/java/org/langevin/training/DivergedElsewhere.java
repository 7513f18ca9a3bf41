package org.langevin.training;

/**
 * Another worker's training diverged, as this worker learnt at a sync point: it ends there too, and the run's divergence
 * is the other worker's to report.
 */
public final class DivergedElsewhere extends RuntimeException {
    public DivergedElsewhere(int step) {
        super("another worker's training diverged before step " + step);
    }
}
