package org.langevin.data;

import java.util.Optional;
import org.langevin.core.DataSource;
import org.langevin.core.Dataset;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code data.type: digits}: the bundled 8×8 digits as 64-pixel rows on 17 levels, scaled by {@code data.scale},
 * shuffled by stream "data/split" and split into train and test by {@code data.test_fraction}; each labelled by its digit.
 */
public final class DigitImages implements DataSource {
    private final PixelScale scale;
    private final double testFraction;

    public DigitImages(PixelScale scale, double testFraction) {
        this.scale = scale;
        this.testFraction = testFraction;
    }

    @Override
    public Dataset load(RandomStreams streams) {
        int[][] images = Digits.images();
        int[] digits = Digits.labels();
        int[] order = streams.get("data/split").permutation(images.length);
        int testSize = Math.max(1, (int) Math.round(images.length * testFraction));
        double[][] test = new double[testSize][];
        double[][] train = new double[images.length - testSize][];
        int[] testLabels = new int[testSize];
        int[] trainLabels = new int[train.length];
        for (int i = 0; i < images.length; i++) {
            double[] row = scaled(images[order[i]]);
            if (i < testSize) {
                test[i] = row;
                testLabels[i] = digits[order[i]];
            } else {
                train[i - testSize] = row;
                trainLabels[i - testSize] = digits[order[i]];
            }
        }
        PixelGrid grid = new PixelGrid(1, 1, Digits.SIDE, Digits.SIDE, Digits.LEVELS, scale.low, scale.high);
        return new Dataset("digits", Nd4j.createFromArray(train), Nd4j.createFromArray(test), Optional.empty(), Optional.empty(),
                Optional.of(grid), Optional.of(new Dataset.Labels(10, trainLabels, testLabels)));
    }

    private double[] scaled(int[] levels) {
        double[] row = new double[levels.length];
        for (int i = 0; i < levels.length; i++) row[i] = scale.value(levels[i], Digits.LEVELS);
        return row;
    }
}
