package org.langevin.score;

import java.util.ArrayList;
import java.util.List;
import org.langevin.core.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A multilayer perceptron on [x, γ(t)] with a Gaussian Fourier time embedding
 * γ(t) = [sin 2π w t, cos 2π w t], w ~ N(0, scale²) fixed (Tancik et al. 2020; Song et al. 2021),
 * SiLU hidden layers and a linear output of the data dimension.
 *
 * <p>Written directly on ND4J with a hand-derived backward pass: one flat parameter vector (weights and biases are
 * views into it), so Adam and EMA update all parameters in one op, and the same backward pass gives both the
 * parameter gradient and the vector–Jacobian product with respect to the input (which DL4J layers do not offer).
 * The architecture is stateless: forward and backward take the flat parameter vector to use.
 */
public final class FourierMlp {
    private final int dataDim;
    private final INDArray frequencies; // 1 × embeddingDim/2, fixed
    private final int[] sizes;          // layer widths from input to output
    private final DataType type;

    public FourierMlp(int dataDim, int[] hidden, int embeddingDim, double fourierScale, DataType type, RandomStream init) {
        if (embeddingDim < 2 || embeddingDim % 2 != 0) throw new IllegalArgumentException("embedding dimension must be even and at least 2");
        this.dataDim = dataDim;
        this.type = type;
        this.frequencies = init.normal(type, 1, embeddingDim / 2).muli(fourierScale);
        this.sizes = new int[hidden.length + 2];
        sizes[0] = dataDim + embeddingDim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = dataDim;
    }

    public int dataDim() {
        return dataDim;
    }

    public DataType dataType() {
        return type;
    }

    public long parameterCount() {
        long count = 0;
        for (int l = 0; l + 1 < sizes.length; l++) count += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
        return count;
    }

    /** Glorot-normal weights (std √(2/(fan_in + fan_out))) and zero biases, as one flat vector. */
    public INDArray initialParameters(RandomStream init) {
        INDArray flat = Nd4j.zeros(type, parameterCount());
        for (Layer layer : layers(flat)) {
            double std = Math.sqrt(2.0 / (layer.weight.rows() + layer.weight.columns()));
            layer.weight.assign(init.normal(type, layer.weight.rows(), layer.weight.columns()).muli(std));
        }
        return flat;
    }

    /** γ(t) for a column of times. */
    INDArray embed(INDArray t) {
        INDArray angles = t.mmul(frequencies).muli(2 * Math.PI);
        return Nd4j.hstack(Transforms.sin(angles, true), Transforms.cos(angles, false));
    }

    /** Forward pass at rows x (n × D) and times t (n × 1), both of this network's data type. */
    public Pass forward(INDArray params, INDArray x, INDArray t) {
        List<Layer> layers = layers(params);
        List<INDArray> inputs = new ArrayList<>(layers.size());
        List<INDArray> preActivations = new ArrayList<>(layers.size());
        INDArray h = Nd4j.hstack(x, embed(t));
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            inputs.add(h);
            INDArray z = h.mmul(layer.weight).addiRowVector(layer.bias);
            preActivations.add(z);
            h = l + 1 < layers.size() ? z.mul(Transforms.sigmoid(z, true)) : z;
        }
        return new Pass(layers, inputs, preActivations, h);
    }

    /** The cached activations of one forward pass. */
    public final class Pass {
        private final List<Layer> layers;
        private final List<INDArray> inputs;
        private final List<INDArray> preActivations;
        private final INDArray output;

        private Pass(List<Layer> layers, List<INDArray> inputs, List<INDArray> preActivations, INDArray output) {
            this.layers = layers;
            this.inputs = inputs;
            this.preActivations = preActivations;
            this.output = output;
        }

        public INDArray output() {
            return output;
        }

        /** Backpropagates ∂L/∂output to the flat parameter gradient (same layout as the parameters). */
        public INDArray parameterGradient(INDArray outputGradient) {
            INDArray gradient = Nd4j.zeros(type, parameterCount());
            List<Layer> grads = layers(gradient);
            INDArray delta = outputGradient;
            for (int l = layers.size() - 1; l >= 0; l--) {
                Nd4j.gemm(inputs.get(l), delta, grads.get(l).weight, true, false, 1.0, 0.0);
                grads.get(l).bias.assign(delta.sum(0));
                if (l > 0) delta = hiddenDelta(l, delta);
            }
            return gradient;
        }

        /** The vector–Jacobian product vᵀ ∂output/∂x (n × D), backpropagating v to the data input. */
        public INDArray inputGradient(INDArray v) {
            INDArray delta = v;
            for (int l = layers.size() - 1; l > 0; l--) delta = hiddenDelta(l, delta);
            INDArray full = delta.mmul(layers.get(0).weight.transpose());
            return full.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dataDim)).dup();
        }

        /** δ_{l-1} = (δ_l W_lᵀ) ⊙ silu'(z_{l-1}), with silu'(z) = σ(z) (1 + z (1 - σ(z))). */
        private INDArray hiddenDelta(int l, INDArray delta) {
            INDArray z = preActivations.get(l - 1);
            INDArray sig = Transforms.sigmoid(z, true);
            INDArray derivative = sig.rsub(1.0).muli(z).addi(1.0).muli(sig);
            return delta.mmul(layers.get(l).weight.transpose()).muli(derivative);
        }
    }

    /** Weight (in × out) and bias (1 × out) views into a flat vector. */
    private List<Layer> layers(INDArray flat) {
        List<Layer> layers = new ArrayList<>();
        long offset = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            INDArray w = flat.get(NDArrayIndex.interval(offset, offset + (long) in * out)).reshape('c', in, out);
            offset += (long) in * out;
            INDArray b = flat.get(NDArrayIndex.interval(offset, offset + out)).reshape('c', 1, out);
            offset += out;
            layers.add(new Layer(w, b));
        }
        return layers;
    }

    private record Layer(INDArray weight, INDArray bias) {}
}
