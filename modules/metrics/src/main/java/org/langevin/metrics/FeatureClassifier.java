package org.langevin.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.langevin.core.Arrays2;
import org.langevin.core.NativeMemory;
import org.langevin.core.TrainingRows;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The feature space of FID, KID and precision/recall on MNIST-like data, where no Inception weights exist: a small
 * convolutional classifier (3×3 convolutions of 32 and 64 channels, each followed by 2×2 max-pooling, a dense layer of
 * {@link #FEATURES} ReLU units, softmax over the classes; DL4J on the ND4J backend) trained with Adam on the data set's
 * training split. An image's features are the dense layer's activations.
 */
public final class FeatureClassifier {
    public static final int FEATURES = 128;
    private static final int FEATURE_LAYER = 4; // conv, pool, conv, pool, dense
    public static final int BATCH = 128;

    private final MultiLayerNetwork net;

    private FeatureClassifier(MultiLayerNetwork net) {
        this.net = net;
    }

    /** How to train: Adam steps on minibatches of {@link #BATCH} rows, Adam's learning rate, and the weight-initialisation seed. */
    public record Training(int steps, double learningRate, long seed) {}

    /** Labelled minibatches of rows of channels × height × width pixels (any scale: it is learnt). */
    @FunctionalInterface
    public interface Batches {
        TrainingRows.Drawn next(int n);
    }

    /** Trains on {@code training.steps()} minibatches with classes 0..classes − 1. */
    public static FeatureClassifier train(Batches batches, int classes, int channels, int height, int width, Training training) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(training.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(training.learningRate()))
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).padding(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).padding(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(FEATURES).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(height, width, channels))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        NativeMemory memory = new NativeMemory();
        for (int step = 0; step < training.steps(); step++) {
            memory.collectOccasionally();
            TrainingRows.Drawn batch = batches.next(BATCH);
            int n = batch.labels().length;
            INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
            for (int i = 0; i < n; i++) y.putScalar(i, batch.labels()[i], 1f);
            net.fit(batch.rows().castTo(DataType.FLOAT), y);
        }
        return new FeatureClassifier(net);
    }

    public static FeatureClassifier load(Path file) throws IOException {
        return new FeatureClassifier(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false));
    }

    /** Writes the weights (no updater state), through a temporary file so a reader never sees half a file. */
    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        ModelSerializer.writeModel(net, part.toFile(), false);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The dense layer's activations of each row (n × {@link #FEATURES}). */
    public double[][] features(INDArray rows) {
        double[][] out = new double[(int) rows.rows()][];
        forBatches(rows, (from, x) -> {
            double[][] f = Arrays2.toMatrix(net.feedForwardToLayer(FEATURE_LAYER, x, false).get(FEATURE_LAYER + 1).castTo(DataType.DOUBLE));
            System.arraycopy(f, 0, out, from, f.length);
        });
        return out;
    }

    /** The most probable class of each row. */
    public int[] predict(INDArray rows) {
        int[] out = new int[(int) rows.rows()];
        forBatches(rows, (from, x) -> {
            int[] p = net.output(x, false).argMax(1).toIntVector();
            System.arraycopy(p, 0, out, from, p.length);
        });
        return out;
    }

    /** The share of rows whose predicted class is the given one. */
    public double accuracy(INDArray rows, int[] labels) {
        int[] predicted = predict(rows);
        int right = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == labels[i]) right++;
        return (double) right / predicted.length;
    }

    private interface BatchAction {
        void apply(int from, INDArray x);
    }

    private static void forBatches(INDArray rows, BatchAction action) {
        long n = rows.rows();
        for (int from = 0; from < n; from += 4 * BATCH) {
            int to = (int) Math.min(n, from + 4L * BATCH);
            action.apply(from, rows.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).castTo(DataType.FLOAT));
        }
    }
}
