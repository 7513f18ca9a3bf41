package org.langevin.score;

import java.util.List;
import org.langevin.core.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A multilayer perceptron on [x, γ(t)] with a Gaussian Fourier time embedding
 * γ(t) = [sin 2π w t, cos 2π w t], w ~ N(0, scale²) fixed (Tancik et al. 2020; Song et al. 2021),
 * hidden layers h_l = φ(W_l h_{l-1} + b_l) (plus h_{l-1} when residual, He et al. 2016) and a linear output of the
 * data dimension.
 *
 * <p>Written directly on ND4J with a hand-derived backward pass: one flat parameter vector (weights and biases are
 * views into it), so Adam and EMA update all parameters in one op, and the same backward pass gives the parameter
 * gradient, the vector–Jacobian product with respect to the input (which DL4J layers do not offer) and, for a pass
 * that carries a tangent, the parameter gradient of a loss on the Jacobian–vector product (forward-over-reverse).
 * The architecture is stateless: forward and backward take the flat parameter vector to use.
 */
public final class FourierMlp implements ScoreNetwork {
    private final int dataDim;
    private final FourierFeatures time;
    private final int[] sizes;          // layer widths from input to output
    private final Activation activation;
    private final boolean residual;
    private final DataType type;
    private volatile Views views; // the last parameter array's layer views

    public FourierMlp(int dataDim, int[] hidden, int embeddingDim, double fourierScale, DataType type, RandomStream init) {
        this(dataDim, hidden, embeddingDim, fourierScale, Activation.SILU, false, type, init);
    }

    public FourierMlp(int dataDim, int[] hidden, int embeddingDim, double fourierScale, Activation activation, boolean residual, DataType type, RandomStream init) {
        this(dataDim, hidden, embeddingDim, fourierScale, 0, dataDim, activation, residual, type, init);
    }

    /**
     * @param classes the number of class labels the network conditions on (0: unconditional), one-hot beside γ(t)
     * @param outputs the output width: the data dimension for a vector field, 1 for a scalar (an energy)
     */
    public FourierMlp(int dataDim, int[] hidden, int embeddingDim, double fourierScale, int classes, int outputs, Activation activation,
                      boolean residual, DataType type, RandomStream init) {
        if (hidden.length == 0) throw new IllegalArgumentException("at least one hidden layer");
        this.dataDim = dataDim;
        this.type = type;
        this.activation = activation;
        this.residual = residual;
        this.time = new FourierFeatures(embeddingDim, fourierScale, classes, type, init);
        this.sizes = new int[hidden.length + 2];
        sizes[0] = dataDim + time.dim();
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = outputs;
    }

    public int dataDim() {
        return dataDim;
    }

    /** The output width. */
    public int outputs() {
        return sizes[sizes.length - 1];
    }

    @Override
    public DataType dataType() {
        return type;
    }

    @Override
    public long parameterCount() {
        long count = 0;
        for (int l = 0; l + 1 < sizes.length; l++) count += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
        return count;
    }

    /** Glorot-normal weights (std √(2/(fan_in + fan_out))) and zero biases, as one flat vector. */
    @Override
    public INDArray initialParameters(RandomStream init) {
        INDArray flat = Nd4j.zeros(type, parameterCount());
        for (DenseLayer layer : DenseLayer.views(flat, sizes)) {
            double std = Math.sqrt(2.0 / (layer.weight().rows() + layer.weight().columns()));
            layer.weight().assign(init.normal(type, layer.weight().rows(), layer.weight().columns()).muli(std));
        }
        return flat;
    }

    /** Forward pass at rows x (n × D) and times t (n × 1), both of this network's data type. */
    @Override
    public Pass forward(INDArray params, INDArray x, INDArray t) {
        return forward(params, x, t, null);
    }

    /**
     * Forward pass that also carries a tangent v (n × D) of the data input, giving the Jacobian–vector product
     * (∂out/∂x) v per row; a null tangent gives the plain pass.
     */
    public Pass forward(INDArray params, INDArray x, INDArray t, INDArray tangent) {
        List<DenseLayer> layers = layers(params);
        int count = layers.size();
        INDArray[] inputs = new INDArray[count];
        INDArray[] preActivations = new INDArray[count];
        INDArray[] memos = new INDArray[count];
        INDArray[] inputTangents = tangent == null ? null : new INDArray[count];
        INDArray[] preTangents = tangent == null ? null : new INDArray[count];
        INDArray h = time.input(x, t);
        INDArray dh = tangent == null ? null : Nd4j.hstack(tangent, Nd4j.zeros(type, x.rows(), sizes[0] - dataDim));
        for (int l = 0; l < count; l++) {
            DenseLayer layer = layers.get(l);
            inputs[l] = h;
            boolean last = l + 1 == count;
            INDArray z = last ? layer.apply(h) : Nd4j.gemm(h, layer.weight(), false, false);
            preActivations[l] = z;
            INDArray dz = null;
            if (dh != null) {
                inputTangents[l] = dh;
                dz = Nd4j.gemm(dh, layer.weight(), false, false);
                preTangents[l] = dz;
            }
            if (last) {
                h = z;
                dh = dz;
            } else {
                Activation.Evaluation a = activation.evaluateShifted(z, layer.bias()); // z + b in place
                memos[l] = a.memo();
                INDArray next = a.value();
                INDArray dnext = dz == null ? null : activation.derivative(z, a.memo()).muli(dz);
                if (skips(l)) {
                    next = next.add(h); // a new array: the value may be the memo (tanh)
                    if (dnext != null) dnext.addi(dh);
                }
                h = next;
                dh = dnext;
            }
        }
        return new Pass(layers, inputs, preActivations, memos, inputTangents, preTangents, h, dh);
    }

    /** The output alone: the forward pass without the activations and memos that only backpropagation needs. */
    @Override
    public INDArray output(INDArray params, INDArray x, INDArray t) {
        List<DenseLayer> layers = layers(params);
        INDArray h = time.input(x, t);
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
            if (l + 1 == layers.size()) return layer.apply(h);
            INDArray next = activation.valueShifted(Nd4j.gemm(h, layer.weight(), false, false), layer.bias());
            h = skips(l) ? next.addi(h) : next;
        }
        throw new IllegalStateException("no layers");
    }

    /** The layers' views into {@code params}, kept while the same parameter array comes back (training updates it in place). */
    private List<DenseLayer> layers(INDArray params) {
        Views last = views;
        if (last != null && last.params() == params) return last.layers();
        List<DenseLayer> layers = DenseLayer.views(params, sizes);
        views = new Views(params, layers);
        return layers;
    }

    private record Views(INDArray params, List<DenseLayer> layers) {}

    /** Hidden layer l (0-based) adds its input back when residual and its input has its own width. */
    private boolean skips(int l) {
        return residual && l > 0 && sizes[l] == sizes[l + 1];
    }

    /** The cached activations of one forward pass. */
    public final class Pass implements ScoreNetwork.Pass {
        private final List<DenseLayer> layers;
        private final INDArray[] inputs;
        private final INDArray[] preActivations;
        private final INDArray[] memos;
        private final INDArray[] inputTangents;
        private final INDArray[] preTangents;
        private final INDArray output;
        private final INDArray outputTangent;

        private Pass(List<DenseLayer> layers, INDArray[] inputs, INDArray[] preActivations, INDArray[] memos,
                     INDArray[] inputTangents, INDArray[] preTangents, INDArray output, INDArray outputTangent) {
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
        public INDArray parameterGradient(INDArray outputGradient, INDArray tangentGradient) {
            INDArray gradient = Nd4j.create(type, parameterCount());
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
        public INDArray inputGradient(INDArray outputGradient, INDArray tangentGradient) {
            return backpropagate(outputGradient, tangentGradient, null, true);
        }

        /**
         * Reverse pass from the output (and its tangent), adding the parameter gradient when given one; returns the
         * data input's gradient when {@code toInput} (else null, sparing the first layer's product).
         */
        private INDArray backpropagate(INDArray outputGradient, INDArray tangentGradient, INDArray parameterGradient, boolean toInput) {
            if (tangentGradient != null && inputTangents == null) throw new IllegalStateException("this pass carries no tangent");
            List<DenseLayer> grads = parameterGradient == null ? null : DenseLayer.views(parameterGradient, sizes);
            INDArray delta = outputGradient;          // δz_l
            INDArray tangentDelta = tangentGradient;  // δż_l
            INDArray carry = null;                    // δ reaching u_l through a residual identity path
            INDArray tangentCarry = null;
            for (int l = layers.size() - 1; ; l--) {
                INDArray w = layers.get(l).weight();
                if (grads != null) {
                    DenseLayer grad = grads.get(l);
                    Nd4j.gemm(inputs[l], delta, grad.weight(), true, false, 1.0, 0.0);   // ∂L/∂W = hᵀ δ
                    grad.biasGradient(delta);                                             // ∂L/∂b = 1ᵀ δ
                    if (tangentDelta != null) Nd4j.gemm(inputTangents[l], tangentDelta, grad.weight(), true, false, 1.0, 1.0);
                }
                if (l == 0 && !toInput) return null;
                INDArray up = Nd4j.gemm(delta, w, false, true);                    // δu_l = δ Wᵀ (the input tangent is held fixed)
                if (carry != null) up.addi(carry);
                if (l == 0) return up.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dataDim)).dup();
                INDArray upTangent = tangentDelta == null ? null : Nd4j.gemm(tangentDelta, w, false, true);
                if (upTangent != null && tangentCarry != null) upTangent.addi(tangentCarry);
                INDArray z = preActivations[l - 1];                                // u_l = φ(z_{l-1}) (+ u_{l-1})
                carry = skips(l - 1) ? up : null;
                tangentCarry = skips(l - 1) ? upTangent : null;
                delta = activation.backward(up, z, memos[l - 1]);                  // δz = φ'(z) δu
                if (upTangent != null) {
                    delta.addi(activation.secondDerivative(z, memos[l - 1]).muli(preTangents[l - 1]).muli(upTangent));
                    tangentDelta = activation.backward(upTangent, z, memos[l - 1]);
                }
            }
        }
    }
}
