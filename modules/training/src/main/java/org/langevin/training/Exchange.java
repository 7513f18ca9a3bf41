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
        public void state(int step, INDArray params, INDArray adamState, INDArray ema, INDArray profiles) {}
    };

    /**
     * The gradient of step {@code step} (0-based), averaged over the workers in place when they share gradients; returns
     * the loss to report, averaged likewise.
     */
    double gradient(int step, INDArray gradient, double loss);

    /** After {@code step} updates: the training state, averaged over the workers in place at a sync point; null profiles: none. */
    void state(int step, INDArray params, INDArray adamState, INDArray ema, INDArray profiles);

    /** Training starts (or resumes) from these weights, with the exchange's own state a checkpoint kept (null: none or fresh). */
    default void begin(INDArray params, INDArray saved) {}

    /** The exchange's own state for a checkpoint (a copy), or null when it keeps none. */
    default INDArray saved() {
        return null;
    }
}
