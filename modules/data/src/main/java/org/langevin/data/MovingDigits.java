package org.langevin.data;

import java.util.Arrays;
import java.util.Optional;
import org.langevin.core.DataSource;
import org.langevin.core.Dataset;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code data.type: moving_digits}: clips of F frames in which one 8×8 digit moves across a canvas × canvas background
 * at a constant integer velocity, reflected at the borders, so a row is a spatiotemporal field x(s, pixel) with s the
 * frame index. Digits, start positions and velocities (each component in ±1..±max_speed px per frame) come from stream
 * "data/train" or "data/test"; test clips use only digits held out of the training clips (the split of
 * {@code data.test_fraction}, stream "data/split"). A clip's label is its digit's class.
 */
public final class MovingDigits implements DataSource {
    private final PixelScale scale;
    private final int frames;
    private final int canvas;
    private final int maxSpeed;
    private final Bounce bounce;
    private final int trainSize;
    private final int testSize;
    private final double testFraction;

    public MovingDigits(PixelScale scale, int frames, int canvas, int maxSpeed, int trainSize, int testSize, double testFraction) {
        this.bounce = new Bounce(canvas, Digits.SIDE, maxSpeed);
        this.scale = scale;
        this.frames = frames;
        this.canvas = canvas;
        this.maxSpeed = maxSpeed;
        this.trainSize = trainSize;
        this.testSize = testSize;
        this.testFraction = testFraction;
    }

    @Override
    public Dataset load(RandomStreams streams) {
        int[][] images = Digits.images();
        int[] order = streams.get("data/split").permutation(images.length);
        int held = Math.max(1, (int) Math.round(images.length * testFraction));
        int[] testDigits = Arrays.copyOfRange(order, 0, held);
        int[] trainDigits = Arrays.copyOfRange(order, held, order.length);
        PixelGrid grid = new PixelGrid(frames, 1, canvas, canvas, Digits.LEVELS, scale.low, scale.high);
        int[] classes = Digits.labels();
        Clips train = clips(images, classes, trainDigits, trainSize, streams.get("data/train"));
        Clips test = clips(images, classes, testDigits, testSize, streams.get("data/test"));
        return new Dataset("moving_digits", Nd4j.createFromArray(train.rows()), Nd4j.createFromArray(test.rows()), Optional.empty(), Optional.empty(),
                Optional.of(grid), Optional.of(new Dataset.Labels(10, train.labels(), test.labels())));
    }

    /** Clips (rows) and the class of the digit each one moves. */
    private record Clips(double[][] rows, int[] labels) {}

    private Clips clips(int[][] images, int[] classes, int[] digits, int count, RandomStream stream) {
        int room = bounce.room();
        int[] pick = stream.integers(count, digits.length);
        int[] starts = stream.integers(2 * count, room);
        int[] speeds = stream.integers(2 * count, 2 * maxSpeed);
        double[][] out = new double[count][];
        int[] labels = new int[count];
        for (int c = 0; c < count; c++) {
            int[] v = {bounce.velocity(speeds[2 * c]), bounce.velocity(speeds[2 * c + 1])};
            out[c] = clip(images[digits[pick[c]]], starts[2 * c], starts[2 * c + 1], v[0], v[1]);
            labels[c] = classes[digits[pick[c]]];
        }
        return new Clips(out, labels);
    }

    /** The clip of one digit starting at (row, col) with velocity (vr, vc): frames × canvas × canvas values. */
    double[] clip(int[] digit, int row, int col, int vr, int vc) {
        double background = scale.value(0, Digits.LEVELS);
        double[] out = new double[frames * canvas * canvas];
        Arrays.fill(out, background);
        for (int f = 0; f < frames; f++) {
            int r = bounce.reflect(row + vr * f);
            int c = bounce.reflect(col + vc * f);
            for (int i = 0; i < Digits.SIDE; i++) {
                for (int j = 0; j < Digits.SIDE; j++) {
                    out[(f * canvas + r + i) * canvas + c + j] = scale.value(digit[i * Digits.SIDE + j], Digits.LEVELS);
                }
            }
        }
        return out;
    }
}
