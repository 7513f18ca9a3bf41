package org.langevin.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the workers of a data-parallel run share during training: {@link #NONE} for a run on one machine. The trainer
 * calls {@link #gradient} between the backward pass and the update, and {@link #state} after each update.
 */
public interface Exchange {
    /** One worker: nothing is shared. */
    Exchange NONE = new Exchange() {
        @Override
        public double gradient(int step, INDArray gradient, double loss) {
            return loss;
        }

        @Override
        public boolean state(int step, INDArray params, INDArray adamState, INDArray ema, INDArray profiles, boolean diverged) {
            return diverged;
        }
    };

    /**
     * The gradient of step {@code step} (0-based), averaged over the workers in place when they share gradients; returns
     * the loss to report, averaged likewise.
     */
    double gradient(int step, INDArray gradient, double loss);

    /**
     * After {@code step} updates: the training state, averaged over the workers in place at a sync point (null profiles:
     * none). {@code diverged}: this worker's loss or gradient turned non-finite (at this step, or since the last sync).
     * Returns whether training has diverged as of this step: on one worker, or with averaged gradients (the same loss
     * everywhere), at once; with averaged state, at sync points, for every worker when any has (no state is shared then).
     */
    boolean state(int step, INDArray params, INDArray adamState, INDArray ema, INDArray profiles, boolean diverged);

    /** Training starts (or resumes) from these weights, with the exchange's own state a checkpoint kept (null: none or fresh). */
    default void begin(INDArray params, INDArray saved) {}

    /** The exchange's own state for a checkpoint (a copy), or null when it keeps none. */
    default INDArray saved() {
        return null;
    }
}
