package org.langevin.nn;

import java.util.List;
import org.langevin.core.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A multilayer perceptron on [x, γ(t)] with a Gaussian Fourier time embedding
 * γ(t) = [sin 2π w t, cos 2π w t], w ~ N(0, scale²) fixed (Tancik et al. 2020; Song et al. 2021),
 * hidden layers h_l = φ(W_l h_{l-1} + b_l) (plus h_{l-1} when residual, He et al. 2016) and a linear output of the
 * data dimension.
 *
 * <p>Written directly on ND4J with a hand-derived backward pass ({@link MlpPass}): one flat parameter vector (weights and biases are
 * views into it), so Adam and EMA update all parameters in one op, and the same backward pass gives the parameter
 * gradient, the vector–Jacobian product with respect to the input (which DL4J layers do not offer) and, for a pass
 * that carries a tangent, the parameter gradient of a loss on the Jacobian–vector product (forward-over-reverse).
 * Forward and backward take the flat parameter vector to use; the only state is a cache of the last one's layer views.
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

    public FourierMlp(int dataDim, int[] hidden, int embeddingDim, double fourierScale, Activation activation, boolean residual,
            DataType type, RandomStream init) {
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

    /** The layer widths from input to output. */
    int[] sizes() {
        return sizes;
    }

    Activation activation() {
        return activation;
    }

    public int dataDim() {
        return dataDim;
    }

    @Override
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
        for (DenseWeights layer : DenseWeights.views(flat, sizes)) {
            double std = Math.sqrt(2.0 / (layer.weight().rows() + layer.weight().columns()));
            layer.weight().assign(init.normal(type, layer.weight().rows(), layer.weight().columns()).muli(std));
        }
        return flat;
    }

    /** Forward pass at rows x (n × D) and times t (n × 1), both of this network's data type. */
    @Override
    public MlpPass forward(INDArray params, INDArray x, INDArray t) {
        return forward(params, x, t, null);
    }

    /**
     * Forward pass that also carries a tangent v (n × D) of the data input, giving the Jacobian–vector product
     * (∂out/∂x) v per row; a null tangent gives the plain pass.
     */
    @Override
    public MlpPass forward(INDArray params, INDArray x, INDArray t, INDArray tangent) {
        List<DenseWeights> layers = layers(params);
        int count = layers.size();
        INDArray[] inputs = new INDArray[count];
        INDArray[] preActivations = new INDArray[count];
        INDArray[] memos = new INDArray[count];
        INDArray[] inputTangents = tangent == null ? null : new INDArray[count];
        INDArray[] preTangents = tangent == null ? null : new INDArray[count];
        INDArray h = time.input(x, t);
        INDArray dh = tangent == null ? null : Nd4j.hstack(tangent, Nd4j.zeros(type, x.rows(), sizes[0] - dataDim));
        for (int l = 0; l < count; l++) {
            DenseWeights layer = layers.get(l);
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
        return new MlpPass(this, layers, inputs, preActivations, memos, inputTangents, preTangents, h, dh);
    }

    /** The output alone: the forward pass without the activations and memos that only backpropagation needs. */
    @Override
    public INDArray output(INDArray params, INDArray x, INDArray t) {
        List<DenseWeights> layers = layers(params);
        INDArray h = time.input(x, t);
        for (int l = 0; l < layers.size(); l++) {
            DenseWeights layer = layers.get(l);
            if (l + 1 == layers.size()) return layer.apply(h);
            INDArray next = activation.valueShifted(Nd4j.gemm(h, layer.weight(), false, false), layer.bias());
            h = skips(l) ? next.addi(h) : next;
        }
        throw new IllegalStateException("no layers");
    }

    /** The layers' views into {@code params}, kept while the same parameter array comes back (training updates it in place). */
    private List<DenseWeights> layers(INDArray params) {
        Views last = views;
        if (last != null && last.params() == params) return last.layers();
        List<DenseWeights> layers = DenseWeights.views(params, sizes);
        views = new Views(params, layers);
        return layers;
    }

    private record Views(INDArray params, List<DenseWeights> layers) {}

    /** Hidden layer l (0-based) adds its input back when residual and its input has its own width. */
    boolean skips(int l) {
        return residual && l > 0 && sizes[l] == sizes[l + 1];
    }
}
