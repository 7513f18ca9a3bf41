package org.langevin.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One forward pass of a {@link FourierMlp} with the activations it cached, and the hand-derived reverse passes from it:
 * the parameter gradient, the vector–Jacobian product to the data input and, for a pass that carried a tangent, the
 * gradients of a loss on the Jacobian–vector product (forward-over-reverse).
 */
public final class MlpPass implements ScoreNetwork.TangentPass {
    private final FourierMlp net;
    private final List<DenseWeights> layers;
    private final INDArray[] inputs;
    private final INDArray[] preActivations;
    private final INDArray[] memos;
    private final INDArray[] inputTangents;
    private final INDArray[] preTangents;
    private final INDArray output;
    private final INDArray outputTangent;

    MlpPass(FourierMlp net, List<DenseWeights> layers, INDArray[] inputs, INDArray[] preActivations, INDArray[] memos,
            INDArray[] inputTangents, INDArray[] preTangents, INDArray output, INDArray outputTangent) {
        this.net = net;
        this.layers = layers;
        this.inputs = inputs;
        this.preActivations = preActivations;
        this.memos = memos;
        this.inputTangents = inputTangents;
        this.preTangents = preTangents;
        this.output = output;
        this.outputTangent = outputTangent;
    }

    @Override
    public INDArray output() {
        return output;
    }

    /** (∂out/∂x) v for the tangent v given to the forward pass. */
    @Override
    public INDArray outputTangent() {
        if (outputTangent == null) throw new IllegalStateException("this pass carries no tangent");
        return outputTangent;
    }

    /** Backpropagates ∂L/∂output to the flat parameter gradient (same layout as the parameters). */
    @Override
    public INDArray parameterGradient(INDArray outputGradient) {
        return parameterGradient(outputGradient, null);
    }

    /**
     * Backpropagates ∂L/∂output and ∂L/∂(output tangent) (null if L does not depend on it) to the flat parameter
     * gradient. Through h = φ(z), ḣ = φ'(z) ż: δż = φ'(z) δḣ and δz = φ'(z) δh + φ''(z) ż δḣ.
     */
    @Override
    public INDArray parameterGradient(INDArray outputGradient, INDArray tangentGradient) {
        INDArray gradient = Nd4j.create(net.dataType(), net.parameterCount());
        backpropagate(outputGradient, tangentGradient, gradient, false);
        return gradient;
    }

    /** The vector–Jacobian product vᵀ ∂output/∂x (n × D), backpropagating v to the data input. */
    @Override
    public INDArray inputGradient(INDArray v) {
        return backpropagate(v, null, null, true);
    }

    /**
     * ∂L/∂x (n × D) for L depending on the output and on the output tangent (the tangent itself held fixed): with
     * tangent v and ∂L/∂(output tangent) = 1 on a scalar output E, this is the Hessian–vector product ∇ₓ(∇ₓE · v).
     */
    @Override
    public INDArray inputGradient(INDArray outputGradient, INDArray tangentGradient) {
        return backpropagate(outputGradient, tangentGradient, null, true);
    }

    /**
     * Reverse pass from the output (and its tangent), adding the parameter gradient when given one; returns the
     * data input's gradient when {@code toInput} (else null, sparing the first layer's product).
     */
    private INDArray backpropagate(INDArray outputGradient, INDArray tangentGradient, INDArray parameterGradient, boolean toInput) {
        if (tangentGradient != null && inputTangents == null) throw new IllegalStateException("this pass carries no tangent");
        List<DenseWeights> grads = parameterGradient == null ? null : DenseWeights.views(parameterGradient, net.sizes());
        INDArray delta = outputGradient;          // δz_l
        INDArray tangentDelta = tangentGradient;  // δż_l
        INDArray carry = null;                    // δ reaching u_l through a residual identity path
        INDArray tangentCarry = null;
        for (int l = layers.size() - 1; ; l--) {
            INDArray w = layers.get(l).weight();
            if (grads != null) {
                DenseWeights grad = grads.get(l);
                Nd4j.gemm(inputs[l], delta, grad.weight(), true, false, 1.0, 0.0);   // ∂L/∂W = hᵀ δ
                grad.biasGradient(delta);                                             // ∂L/∂b = 1ᵀ δ
                if (tangentDelta != null) Nd4j.gemm(inputTangents[l], tangentDelta, grad.weight(), true, false, 1.0, 1.0);
            }
            if (l == 0 && !toInput) return null;
            INDArray up = Nd4j.gemm(delta, w, false, true);                    // δu_l = δ Wᵀ (the input tangent is held fixed)
            if (carry != null) up.addi(carry);
            if (l == 0) return up.get(NDArrayIndex.all(), NDArrayIndex.interval(0, net.dataDim())).dup();
            INDArray upTangent = tangentDelta == null ? null : Nd4j.gemm(tangentDelta, w, false, true);
            if (upTangent != null && tangentCarry != null) upTangent.addi(tangentCarry);
            INDArray z = preActivations[l - 1];                                // u_l = φ(z_{l-1}) (+ u_{l-1})
            carry = net.skips(l - 1) ? up : null;
            tangentCarry = net.skips(l - 1) ? upTangent : null;
            delta = net.activation().backward(up, z, memos[l - 1]);                  // δz = φ'(z) δu
            if (upTangent != null) {
                delta.addi(net.activation().secondDerivative(z, memos[l - 1]).muli(preTangents[l - 1]).muli(upTangent));
                tangentDelta = net.activation().backward(upTangent, z, memos[l - 1]);
            }
        }
    }
}
