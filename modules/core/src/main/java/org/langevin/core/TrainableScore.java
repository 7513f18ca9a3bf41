package org.langevin.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A score model with trainable parameters, held as one flat vector so optimisers and EMA act on it at once. */
public interface TrainableScore extends ScoreModel {
    /** The live flat parameter vector; updating it in place changes the model. */
    INDArray parameters();

    /** The network's floating-point type (training batches are cast to it). */
    DataType dataType();

    /** Forward pass at per-row times t (column n×1), keeping what the backward pass needs. */
    TrainingPass forward(INDArray x, INDArray t);

    /**
     * Forward pass that also gives the exact divergence ∇·s = tr ∂s/∂x per row, differentiable in the parameters
     * (exact score matching needs the gradient of the Jacobian's trace).
     */
    DivergencePass forwardWithDivergence(INDArray x, INDArray t);

    /** False when this model cannot give {@link #forwardWithDivergence}. */
    default boolean differentiableDivergence() {
        return true;
    }

    /** A score model with the same architecture evaluated at the given parameters (for EMA weights). */
    ScoreModel withParameters(INDArray parameters);

    /** One forward pass: the score per row, and backpropagation of ∂L/∂score to the flat parameter gradient. */
    interface TrainingPass {
        INDArray score();

        INDArray backward(INDArray lossGradientWrtScore);
    }

    /** A forward pass with the divergence: backpropagates ∂L/∂score (n × D) and ∂L/∂divergence (n × 1). */
    interface DivergencePass {
        INDArray score();

        /** ∇·s per row, as an n × 1 column. */
        INDArray divergence();

        INDArray backward(INDArray lossGradientWrtScore, INDArray lossGradientWrtDivergence);
    }
}
