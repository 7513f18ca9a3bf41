package org.langevin.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A dense layer on rows, y = x W + b, with W (in, out) normal with std 1/√in and b (1, out) zero. */
final class Dense {
    private final Tape.Param weight;
    private final Tape.Param bias;

    Dense(Tape.Layout layout, int in, int out) {
        this.weight = layout.add(1 / Math.sqrt(in), 0, in, out);
        this.bias = layout.add(0, 0, 1, out);
    }

    Tape.Node apply(Tape tape, Tape.Node x) {
        INDArray w = tape.weight(weight);
        INDArray y = Nd4j.gemm(x.value, w, false, false).addiRowVector(tape.weight(bias));
        return tape.op(y, (g, grads) -> {
            if (grads.wantsParameters()) {
                Nd4j.gemm(x.value, g, grads.weight(weight), true, false, 1.0, 1.0); // ∂L/∂W = xᵀ g
                grads.weight(bias).addi(g.sum(true, 0));                           // ∂L/∂b = 1ᵀ g
            }
            grads.add(x, Nd4j.gemm(g, w, false, true));                            // ∂L/∂x = g Wᵀ
        });
    }
}
