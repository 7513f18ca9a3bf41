package org.langevin.core;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A score-matching objective: its value on a data batch and the gradient with respect to the flat parameters. */
public interface Loss {
    Value evaluate(TrainableScore model, INDArray x0, RandomStreams streams);

    /** Why a batch of this size is too small for the loss, if it is. */
    default Optional<String> batchProblem(int batchSize) {
        return Optional.empty();
    }

    record Value(double loss, INDArray gradient) {}
}
