package org.langevin.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A dense layer on rows, y = x W + b, with W (in, out) normal with std 1/√in and b (1, out) zero; its tangent is ẋ W. */
final class Dense {
    private final Tape.Param weight;
    private final Tape.Param bias;

    Dense(Tape.Layout layout, int in, int out) {
        this.weight = layout.add(1 / Math.sqrt(in), 0, in, out);
        this.bias = layout.add(0, 0, 1, out);
    }

    /** y = x W + b, and the tangent ẏ = ẋ W. */
    Tape.Node apply(Tape tape, Tape.Node x) {
        Tape.Node y = product(tape, x, true);
        if (x.tangent != null) y.tangent = product(tape, x.tangent, false);
        return y;
    }

    private Tape.Node product(Tape tape, Tape.Node x, boolean withBias) {
        DenseWeights layer = new DenseWeights(tape.weight(weight), tape.weight(bias));
        INDArray w = layer.weight();
        INDArray y = withBias ? layer.apply(x.value) : Nd4j.gemm(x.value, w, false, false);
        return tape.op(y, (g, grads) -> {
            if (grads.wantsParameters()) {
                Nd4j.gemm(x.value, g, grads.weight(weight), true, false, 1.0, 1.0); // ∂L/∂W = xᵀ g
                if (withBias) grads.weight(bias).addi(g.sum(true, 0));             // ∂L/∂b = 1ᵀ g
            }
            grads.add(x, Nd4j.gemm(g, w, false, true));                            // ∂L/∂x = g Wᵀ
        });
    }
}
