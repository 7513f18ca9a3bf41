package org.langevin.nn;

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
 * <p>Differentiated on the {@link Tape}, one op per layer: one flat parameter vector (weights and biases are views into
 * it), so Adam and EMA update all parameters in one op, and the tape gives the parameter gradient, the vector–Jacobian
 * product with respect to the input and, for a pass that carries a tangent, the gradients of a loss on the
 * Jacobian–vector product (reverse over forward). Passes take the flat parameter vector to use; the only state is a
 * cache of the last one's layer views.
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
    public TangentPass forward(INDArray params, INDArray x, INDArray t) {
        return forward(params, x, t, null);
    }

    /**
     * The pass on the tape, one op per layer ({@link MlpLayer}); with a tangent v (n × D; null: none) it also carries
     * the Jacobian–vector product (∂out/∂x) v per row.
     */
    @Override
    public TangentPass forward(INDArray params, INDArray x, INDArray t, INDArray tangent) {
        List<DenseWeights> layers = layers(params);
        Tape tape = new Tape(params);
        INDArray h0 = time.input(x, t);
        Tape.Node in = tangent == null ? tape.input(h0) : tape.input(h0, Nd4j.hstack(tangent, Nd4j.zeros(type, x.rows(), sizes[0] - dataDim)));
        Tape.Node h = in;
        int last = layers.size() - 1;
        for (int l = 0; l < last; l++) h = MlpLayer.hidden(tape, h, layers.get(l), l, activation, skips(l), sizes);
        return new TapePass(tape, in, MlpLayer.output(tape, h, layers.get(last), last, sizes), rows, x.rows());
    }

    /** The caller's rows are the network's own; the data input's gradient is the first D columns of [x, γ(t)]'s. */
    private final TapePass.Layout rows = new TapePass.Layout() {
        public INDArray toNetwork(INDArray r) {
            return r;
        }

        public INDArray toRows(INDArray values, long n) {
            return values;
        }

        public INDArray inputRows(INDArray gradient, long n) {
            return gradient.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dataDim)).dup();
        }
    };

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
