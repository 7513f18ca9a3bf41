package org.langevin.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The classifier's loss gradient, (softmax(z) − e_y)/n, against central differences of the mean cross-entropy
 * −log softmax(z)_y in double precision; and the shapes of its features and logits on 28 × 28 and odd-sized images.
 */
class ImageClassifierTest {
    private final RandomStreams streams = new RandomStreams(11);

    @Test
    void crossEntropyGradientIsTheDerivativeOfTheLoss() {
        INDArray z = streams.get("z").normal(DataType.DOUBLE, 5, 4).muli(3);
        int[] labels = {0, 3, 1, 1, 2};
        INDArray g = ImageClassifier.crossEntropyGradient(z, labels);
        double h = 1e-6;
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 4; k++) {
                INDArray up = z.dup();
                up.putScalar(i, k, z.getDouble(i, k) + h);
                INDArray down = z.dup();
                down.putScalar(i, k, z.getDouble(i, k) - h);
                double numeric = (crossEntropy(up, labels) - crossEntropy(down, labels)) / (2 * h);
                assertThat(g.getDouble(i, k)).as("row %d, class %d", i, k).isCloseTo(numeric, within(1e-8));
            }
        }
    }

    /** Mean over rows of log Σ_k e^{z_k} − z_y. */
    private static double crossEntropy(INDArray z, int[] labels) {
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            double max = z.getRow(i).maxNumber().doubleValue();
            double sum = 0;
            for (int k = 0; k < z.columns(); k++) sum += Math.exp(z.getDouble(i, k) - max);
            total += max + Math.log(sum) - z.getDouble(i, labels[i]);
        }
        return total / labels.length;
    }

    @Test
    void featuresAndLogitsHaveOneRowPerImage() {
        for (int[] shape : new int[][] {{1, 28, 28}, {3, 9, 13}}) {
            ImageClassifier c = ImageClassifier.create(new ImageClassifier.Shape(shape[0], shape[1], shape[2], 7), streams.get("init"));
            INDArray rows = streams.get("x").normal(DataType.DOUBLE, 6, (long) shape[0] * shape[1] * shape[2]);
            assertThat(c.features(rows).shape()).containsExactly(6, ImageClassifier.FEATURES);
            assertThat(c.logits(rows).shape()).containsExactly(6, 7);
            ImageClassifier copy = ImageClassifier.of(c.shape(), c.parameters().dup());
            assertThat(copy.logits(rows).data().asFloat()).containsExactly(c.logits(rows).data().asFloat());
        }
    }
}
