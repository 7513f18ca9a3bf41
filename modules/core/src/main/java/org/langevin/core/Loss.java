package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A score-matching objective: its value on a data batch and the gradient with respect to the flat parameters. */
public interface Loss {
    Value evaluate(TrainableScore model, INDArray x0, RandomStreams streams);

    /** True when the loss differentiates the score's divergence ({@link TrainableScore#forwardWithDivergence}). */
    default boolean needsDivergence() {
        return false;
    }

    record Value(double loss, INDArray gradient) {}
}
