package org.langevin.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layers of a {@link FourierMlp} as tape ops, each with its tangent, each one backward step for value and tangent
 * together: a hidden layer u' = φ(u W + b) (+ u when it skips), the output layer u W + b. Through h = φ(z) with
 * tangent ḣ = φ'(z) ż the step takes δz = φ'(z) δh + φ''(z) ż δḣ and δż = φ'(z) δḣ; ∂L/∂W = uᵀ δz + u̇ᵀ δż.
 */
final class MlpLayer {
    private MlpLayer() {}

    /** A hidden layer on u (with its tangent, when the pass carries one); {@code index} is the layer's place in the gradient. */
    static Tape.Node hidden(Tape tape, Tape.Node u, DenseWeights layer, int index, Activation activation, boolean skips, int[] sizes) {
        INDArray w = layer.weight();
        INDArray z = Nd4j.gemm(u.value, w, false, false);
        INDArray dz = u.tangent == null ? null : Nd4j.gemm(u.tangent.value, w, false, false);
        Activation.Evaluation a = activation.evaluateShifted(z, layer.bias()); // z ← z + b in place
        INDArray next = skips ? a.value().add(u.value) : a.value();           // a new array: the value may be the memo (tanh)
        INDArray dnext = null;
        if (dz != null) {
            dnext = activation.derivative(z, a.memo()).muli(dz);
            if (skips) dnext.addi(u.tangent.value);
        }
        return tape.opWithTangent(next, dnext, (up, upTangent, g) -> {
            INDArray delta = up == null ? null : activation.backward(up, z, a.memo());                        // δz = φ'(z) δh
            INDArray tangentDelta = null;
            if (upTangent != null) {
                INDArray second = activation.secondDerivative(z, a.memo()).muli(dz).muli(upTangent);        // φ''(z) ż δḣ
                delta = delta == null ? second : delta.addi(second);
                tangentDelta = activation.backward(upTangent, z, a.memo());                                  // δż = φ'(z) δḣ
            }
            propagate(g, u, w, index, sizes, delta, tangentDelta, skips ? up : null, skips ? upTangent : null);
        });
    }

    /** The output layer u W + b, its tangent u̇ W. */
    static Tape.Node output(Tape tape, Tape.Node u, DenseWeights layer, int index, int[] sizes) {
        INDArray w = layer.weight();
        INDArray dz = u.tangent == null ? null : Nd4j.gemm(u.tangent.value, w, false, false);
        return tape.opWithTangent(layer.apply(u.value), dz, (up, upTangent, g) -> {
            INDArray delta = up != null ? up : Nd4j.zeros(w.dataType(), u.value.rows(), w.columns());
            propagate(g, u, w, index, sizes, delta, upTangent, null, null);
        });
    }

    /**
     * The layer's weight and bias gradients from δz and δż, and δu = δz Wᵀ (+ the skip's δ), δu̇ = δż Wᵀ (+ the skip's)
     * to the input, which a parameter pass leaves out when u is the tape's input.
     */
    private static void propagate(Tape.Gradients g, Tape.Node u, INDArray w, int index, int[] sizes, INDArray delta,
                                  INDArray tangentDelta, INDArray carry, INDArray tangentCarry) {
        if (g.wantsParameters()) {
            DenseWeights grad = DenseWeights.layer(g.parameters(), sizes, index);
            Nd4j.gemm(u.value, delta, grad.weight(), true, false, 1.0, 1.0);        // ∂L/∂W += uᵀ δz
            grad.biasGradient(delta);                                              // ∂L/∂b = 1ᵀ δz (each bias serves one layer)
            if (tangentDelta != null) Nd4j.gemm(u.tangent.value, tangentDelta, grad.weight(), true, false, 1.0, 1.0);
        }
        if (!g.wants(u)) return;
        INDArray up = Nd4j.gemm(delta, w, false, true);                           // δu = δz Wᵀ
        if (carry != null) up.addi(carry);
        g.add(u, up);
        if (tangentDelta != null && u.tangent != null && g.wants(u.tangent)) {
            INDArray upTangent = Nd4j.gemm(tangentDelta, w, false, true);
            if (tangentCarry != null) upTangent.addi(tangentCarry);
            g.add(u.tangent, upTangent);
        }
    }
}
