package org.langevin.core;

/**
 * How many samples a sampler draws at once (key {@code sampler.batch_size}): a positive count, or auto, which bounds
 * the values held per chunk: 2¹⁵ coordinates' worth of rows, at most 10,000 (points: 10,000 rows; 28 × 28 images: 41,
 * measured 1.5 GB resident for Fashion-MNIST's 1.4M-parameter U-Net, against 2.0 GB at 64 and 3.3 GB at 167 rows).
 */
public final class SampleChunks {
    static final int COORDINATES = 1 << 15;
    static final int MOST = 10_000;

    private SampleChunks() {}

    /** The configured chunk: a positive count, or 0 for auto. */
    public static int configured(Settings s) {
        return s.isAuto("sampler.batch_size") ? 0 : s.integer("sampler.batch_size", 1);
    }

    /** Rows per chunk for rows of dim coordinates: the configured count, or auto's. */
    public static int size(int configured, int dim) {
        return configured > 0 ? configured : Math.max(1, Math.min(MOST, COORDINATES / Math.max(1, dim)));
    }

    /** Rows per chunk under the run's settings. */
    public static int of(Settings s, int dim) {
        return size(configured(s), dim);
    }
}
