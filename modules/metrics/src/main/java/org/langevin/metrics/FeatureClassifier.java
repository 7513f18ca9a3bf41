package org.langevin.metrics;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.langevin.core.Arrays2;
import org.langevin.core.NativeMemory;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainingRows;
import org.langevin.nn.ImageClassifier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The feature space of FID, KID and precision/recall on MNIST-like data, where no Inception weights exist: an
 * {@link ImageClassifier} trained on the data set's training split; an image's features are its {@link #FEATURES}
 * penultimate activations. Saved as a small binary file: a header (format, image shape, classes) and the parameters.
 */
public final class FeatureClassifier {
    public static final int FEATURES = ImageClassifier.FEATURES;
    public static final int BATCH = 128;
    private static final int FORMAT = 2; // 1 was DL4J's model zip

    private final ImageClassifier net;

    private FeatureClassifier(ImageClassifier net) {
        this.net = net;
    }

    /** How to train: Adam steps on minibatches of {@link #BATCH} rows, Adam's first learning rate, and the seed of the initial weights. */
    public record Training(int steps, double learningRate, long seed) {}

    /** Labelled minibatches of rows of channels × height × width pixels (any scale: it is learnt). */
    @FunctionalInterface
    public interface Batches {
        TrainingRows.Drawn next(int n);
    }

    /** Trains on {@code training.steps()} minibatches with classes 0..classes − 1. */
    public static FeatureClassifier train(Batches batches, int classes, int channels, int height, int width, Training training) {
        ImageClassifier net = ImageClassifier.create(new ImageClassifier.Shape(channels, height, width, classes),
                new RandomStreams(training.seed()).get("classifier/init"));
        net.train(batches::next, training.steps(), BATCH, training.learningRate());
        return new FeatureClassifier(net);
    }

    public static FeatureClassifier load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            int format = data.readInt();
            if (format != FORMAT) throw new IOException(file + ": not a feature classifier of format " + FORMAT + " (got " + format + ")");
            ImageClassifier.Shape shape = new ImageClassifier.Shape(data.readInt(), data.readInt(), data.readInt(), data.readInt());
            return new FeatureClassifier(ImageClassifier.of(shape, Nd4j.read(data)));
        }
    }

    /** Writes the weights through a temporary file, so that a reader never sees half a file. */
    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        ImageClassifier.Shape shape = net.shape();
        try (OutputStream out = Files.newOutputStream(part); DataOutputStream data = new DataOutputStream(out)) {
            data.writeInt(FORMAT);
            for (int v : new int[] {shape.channels(), shape.height(), shape.width(), shape.classes()}) data.writeInt(v);
            Nd4j.write(net.parameters(), data);
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The penultimate layer's activations of each row (n × {@link #FEATURES}). */
    public double[][] features(INDArray rows) {
        double[][] out = new double[(int) rows.rows()][];
        forBatches(rows, (from, x) -> {
            double[][] f = Arrays2.toMatrix(net.features(x).castTo(DataType.DOUBLE));
            System.arraycopy(f, 0, out, from, f.length);
        });
        return out;
    }

    /** The most probable class of each row. */
    public int[] predict(INDArray rows) {
        int[] out = new int[(int) rows.rows()];
        forBatches(rows, (from, x) -> {
            int[] p = net.logits(x).argMax(1).toIntVector();
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
        NativeMemory.watch();
        for (int from = 0; from < n; from += 4 * BATCH) {
            int to = (int) Math.min(n, from + 4L * BATCH);
            action.apply(from, rows.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
        }
    }
}
