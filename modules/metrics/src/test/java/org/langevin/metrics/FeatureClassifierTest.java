package org.langevin.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.core.TrainingRows;
import org.nd4j.linalg.factory.Nd4j;

/** The feature classifier learns bars of three orientations in noise, and a saved one gives the same features. */
class FeatureClassifierTest {
    private static final int SIDE = 8;

    /** n noisy 8 × 8 images: class 0 a horizontal bar, 1 a vertical bar, 2 the diagonal, at random offsets. */
    private static TrainingRows.Drawn bars(int n, SplittableRandom random) {
        double[] pixels = new double[n * SIDE * SIDE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(3);
            int at = random.nextInt(SIDE);
            for (int p = 0; p < SIDE * SIDE; p++) {
                int r = p / SIDE;
                int c = p % SIDE;
                boolean lit = labels[i] == 0 ? r == at : labels[i] == 1 ? c == at : Math.floorMod(r - c, SIDE) == at;
                pixels[i * SIDE * SIDE + p] = (lit ? 1 : -1) + 0.3 * random.nextGaussian();
            }
        }
        return new TrainingRows.Drawn(Nd4j.createFromArray(pixels).reshape(n, SIDE * SIDE), labels);
    }

    @Test
    void learnsThreeShapesAndASavedClassifierGivesTheSameFeatures(@TempDir Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(4);
        FeatureClassifier classifier = FeatureClassifier.train(n -> bars(n, random), 3, 1, SIDE, SIDE, new FeatureClassifier.Training(150, 3e-3, 7));
        TrainingRows.Drawn test = bars(300, new SplittableRandom(99));
        assertThat(classifier.accuracy(test.rows(), test.labels())).isGreaterThan(0.95);

        double[][] features = classifier.features(test.rows());
        assertThat(features).hasNumberOfRows(300);
        assertThat(features[0]).hasSize(FeatureClassifier.FEATURES);
        Path file = dir.resolve("fashion.classifier");
        classifier.save(file);
        assertThat(FeatureClassifier.load(file).features(test.rows())).isDeepEqualTo(features);
    }
}
