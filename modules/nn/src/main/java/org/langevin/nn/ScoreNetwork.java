package org.langevin.nn;

import org.langevin.core.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network F(u, τ) of data rows u (n × D) and a time input τ (n × 1), stateless: every pass takes the one flat
 * parameter vector to use, so Adam and EMA act on all parameters at once and EMA weights need no second network.
 */
public interface ScoreNetwork {
    DataType dataType();

    long parameterCount();

    /** The output width per row: the data dimension for a vector field, 1 for a scalar. */
    int outputs();

    /** Fresh parameters drawn from the stream. */
    INDArray initialParameters(RandomStream init);

    /** The forward pass, keeping what its backward passes need. */
    Pass forward(INDArray params, INDArray x, INDArray t);

    /** The output alone, for inference (a network may then skip what only backpropagation needs). */
    default INDArray output(INDArray params, INDArray x, INDArray t) {
        return forward(params, x, t).output();
    }

    /**
     * The forward pass carrying a tangent v (n × D): the Jacobian–vector product (∂F/∂u) v beside the output, and
     * reverse passes of a loss on both (reverse over forward).
     */
    TangentPass forward(INDArray params, INDArray x, INDArray t, INDArray tangent);

    /** One forward pass: its output, and backpropagation of an output gradient to the parameters or to the data input. */
    interface Pass {
        INDArray output();

        /** ∂L/∂output (n × D) to the flat parameter gradient. */
        INDArray parameterGradient(INDArray outputGradient);

        /** The vector–Jacobian product vᵀ ∂output/∂x (n × D). */
        INDArray inputGradient(INDArray v);
    }

    /** A pass that carried a tangent v. */
    interface TangentPass extends Pass {
        /** (∂output/∂x) v. */
        INDArray outputTangent();

        /** ∂L/∂output and ∂L/∂(output tangent) (null: L does not depend on it) to the flat parameter gradient. */
        INDArray parameterGradient(INDArray outputGradient, INDArray tangentGradient);

        /**
         * ∂L/∂x for L depending on the output and on the output tangent, the tangent v held fixed: with ∂L/∂(output
         * tangent) = w this adds the second-order term ∇ₓ(wᵀ (∂F/∂x) v).
         */
        INDArray inputGradient(INDArray outputGradient, INDArray tangentGradient);
    }
}
