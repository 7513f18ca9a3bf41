package org.langevin.experiment.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import org.langevin.core.Arrays2;
import org.langevin.core.PixelGrid;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.metrics.FeatureClassifier;
import org.langevin.metrics.FrechetDistance;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A quick FID (Heusel et al. 2017) of samples against the first n test images in the data set's classifier features
 * (no bootstrap), beside its floor, the FID of the first n training images: the same n on both sides. The classifier
 * is the cached one of {@link FeatureSpace}.
 */
public final class FidScorer {
    private final PixelGrid grid;
    private final FeatureClassifier classifier;
    private final double[][] testFeatures;
    private final double floor;

    private FidScorer(PixelGrid grid, FeatureClassifier classifier, double[][] testFeatures, double floor) {
        this.grid = grid;
        this.classifier = classifier;
        this.testFeatures = testFeatures;
        this.floor = floor;
    }

    /** For n rows of the run's data set (labelled images or clips, features.steps > 0). */
    public static FidScorer of(ExperimentParts parts, int n, PrintStream err) throws IOException {
        PixelGrid grid = parts.data().grid().orElseThrow();
        int m = (int) Math.min(n, Math.min(parts.data().test().rows(), parts.data().train().rows()));
        FeatureClassifier classifier = FeatureSpace.classifier(parts.data(), parts.settings().integer("features.steps", 1), err).classifier();
        double[][] test = classifier.features(ImageMetrics.frames(Arrays2.firstRows(parts.data().test(), m), grid));
        double[][] train = classifier.features(ImageMetrics.frames(Arrays2.firstRows(parts.data().train(), m), grid));
        return new FidScorer(grid, classifier, test, FrechetDistance.of(train, test));
    }

    /** Whether the run's data set has the classifier this needs. */
    static boolean applies(ExperimentParts parts) {
        return parts.data().grid().isPresent() && parts.data().labels().isPresent() && parts.settings().integer("features.steps", 0) > 0;
    }

    public double fid(INDArray samples) {
        return FrechetDistance.of(classifier.features(ImageMetrics.frames(samples, grid)), testFeatures);
    }

    public double floor() {
        return floor;
    }
}
