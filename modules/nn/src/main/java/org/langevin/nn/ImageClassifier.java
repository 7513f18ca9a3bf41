package org.langevin.nn;

import org.langevin.core.NativeMemory;
import org.langevin.core.RandomStream;
import org.langevin.core.TrainingRows;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.schedule.PolySchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * An all-convolutional image classifier (Springenberg et al. 2015) on the U-Net's own ops: 3 × 3 convolutions of 32,
 * 64 and 64 channels, the last two with stride 2 (28 × 28 → 14 × 14 → 7 × 7), each followed by SiLU; a dense layer of
 * {@link #FEATURES} SiLU units, the features of FID, KID and precision/recall; and a dense layer of class logits. It
 * is trained with Adam on the softmax cross-entropy −log softmax(z)_y, whose gradient in the logits is softmax(z) − e_y,
 * with the learning rate decaying linearly to 0. Float32, channels last, so the CPU build runs oneDNN's convolutions on
 * every thread of {@link org.langevin.core.ComputeThreads}.
 */
public final class ImageClassifier {
    public static final int FEATURES = 128;
    private static final int[] WIDTHS = {32, 64, 64};

    /** Image shape and classes: what the parameters belong to. */
    public record Shape(int channels, int height, int width, int classes) {
        int flatFeatures() {
            return ((height + 3) / 4) * ((width + 3) / 4) * WIDTHS[2];
        }
    }

    /** Labelled minibatches of rows (channel planes of height × width pixels, any scale: the network learns it). */
    @FunctionalInterface
    public interface Batches {
        TrainingRows.Drawn next(int n);
    }

    private final Shape shape;
    private final Conv[] convs = new Conv[3];
    private final Dense features;
    private final Dense logits;
    private final Tape.Layout layout = new Tape.Layout();
    private final INDArray parameters;

    private ImageClassifier(Shape shape, INDArray parameters, RandomStream init) {
        this.shape = shape;
        int in = shape.channels();
        for (int i = 0; i < convs.length; i++) {
            convs[i] = new Conv(layout, in, WIDTHS[i], 3, i == 0 ? 1 : 2, false);
            in = WIDTHS[i];
        }
        features = new Dense(layout, shape.flatFeatures(), FEATURES);
        logits = new Dense(layout, FEATURES, shape.classes());
        this.parameters = parameters != null ? parameters : layout.initial(DataType.FLOAT, init);
        if (this.parameters.length() != layout.count()) {
            throw new IllegalArgumentException("a classifier of " + shape + " has " + layout.count() + " parameters, got "
                    + this.parameters.length());
        }
    }

    /** A classifier with weights drawn from {@code init}, untrained. */
    public static ImageClassifier create(Shape shape, RandomStream init) {
        return new ImageClassifier(shape, null, init);
    }

    /** A classifier with the given (trained) parameters. */
    public static ImageClassifier of(Shape shape, INDArray parameters) {
        return new ImageClassifier(shape, parameters.castTo(DataType.FLOAT), null);
    }

    public Shape shape() {
        return shape;
    }

    /** The flat parameter vector (float). */
    public INDArray parameters() {
        return parameters;
    }

    /** Adam for {@code steps} minibatches of {@code batch} rows, the learning rate falling linearly from lr to 0. */
    public void train(Batches batches, int steps, int batch, double lr) {
        long count = parameters.length();
        GradientUpdater<?> adam = new Adam(new PolySchedule(ScheduleType.ITERATION, lr, 1, steps))
                .instantiate(Nd4j.zeros(DataType.FLOAT, 1, 2 * count), true);
        NativeMemory.watch();
        for (int step = 0; step < steps; step++) {
            try (var ws = Workspaces.loop("classifier-step")) {
                TrainingRows.Drawn drawn = batches.next(batch);
                Tape tape = new Tape(parameters);
                Pass pass = forward(tape, drawn.rows());
                INDArray gradient = tape.backward(pass.logits, crossEntropyGradient(pass.logits.value, drawn.labels()), true).parameters();
                adam.applyUpdater(gradient.reshape(1, count), step, 0);
                parameters.subi(gradient);
            }
        }
    }

    /** ∂/∂z of the mean over rows of −log softmax(z)_y: (softmax(z) − e_y) / n. */
    static INDArray crossEntropyGradient(INDArray z, int[] labels) {
        INDArray g = Transforms.softmax(z, true);
        for (int i = 0; i < labels.length; i++) g.putScalar(i, labels[i], g.getDouble(i, labels[i]) - 1);
        return g.divi(labels.length);
    }

    /** The features of each row (n × {@link #FEATURES}). */
    public INDArray features(INDArray rows) {
        return forward(new Tape(parameters), rows).features.value;
    }

    /** The class logits of each row (n × classes). */
    public INDArray logits(INDArray rows) {
        return forward(new Tape(parameters), rows).logits.value;
    }

    private record Pass(Tape.Node features, Tape.Node logits) {}

    private Pass forward(Tape tape, INDArray rows) {
        long n = rows.rows();
        Tape.Node h = tape.input(Ops.channelsLast(rows.castTo(DataType.FLOAT), n, shape.channels(), shape.height(), shape.width()));
        for (Conv conv : convs) h = Ops.silu(tape, conv.apply(tape, h));
        Tape.Node f = Ops.silu(tape, features.apply(tape, Ops.reshape(tape, h, n, shape.flatFeatures())));
        return new Pass(f, logits.apply(tape, f));
    }
}
