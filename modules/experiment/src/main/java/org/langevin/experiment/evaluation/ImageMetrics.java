package org.langevin.experiment.evaluation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.langevin.core.Arrays2;
import org.langevin.core.PixelGrid;
import org.langevin.core.TrainingRows;
import org.langevin.experiment.MetricNames;
import org.langevin.metrics.ClipFeatures;
import org.langevin.metrics.ClipMotion;
import org.langevin.metrics.FeatureClassifier;
import org.langevin.metrics.FeatureScores;
import org.langevin.metrics.FrechetDistance;
import org.langevin.tracking.TrackedRun;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The image metrics of an image or clip run in the feature classifier's space, every frame a row: FID with its
 * bootstrap error and floor, KID with its error and floor, precision and recall (generated against the first test
 * rows; the floors and the data's own precision and recall from as many training rows); for clips also the FID of each frame index, logged as
 * fid_per_frame stepped by frame, and the clip scores ({@link ClipFeatures}, {@link ClipMotion#motionError}) beside the
 * test clips' own; with sampler.label, the share of sampled frames the classifier assigns to that class.
 */
final class ImageMetrics {
    private ImageMetrics() {}

    static Map<String, Double> of(FeatureClassifier classifier, PixelGrid grid, double[][] samples, INDArray test, INDArray train, int label,
                                  TrackedRun run, long seed) {
        int n = (int) Math.min(samples.length, Math.min(test.rows(), train.rows()));
        INDArray sampleFrames = frames(Arrays2.fromMatrix(Arrays.copyOf(samples, n), test.dataType()), grid);
        INDArray testFrames = frames(Arrays2.firstRows(test, n), grid);
        double[][] g = classifier.features(sampleFrames);
        double[][] t = classifier.features(testFrames);
        double[][] r = classifier.features(frames(Arrays2.firstRows(train, n), grid));
        FeatureScores scores = FeatureScores.of(g, t, r, new SplittableRandom(seed));
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(MetricNames.FID, scores.fid());
        m.put(MetricNames.FID_STDERR, scores.fidStderr());
        m.put(MetricNames.FID_FLOOR, scores.fidFloor());
        m.put(MetricNames.KID, scores.kid());
        m.put(MetricNames.KID_STDERR, scores.kidStderr());
        m.put(MetricNames.KID_FLOOR, scores.kidFloor());
        m.put(MetricNames.PRECISION, scores.precision());
        m.put(MetricNames.RECALL, scores.recall());
        m.put(MetricNames.PRECISION_DATA, scores.precisionData());
        m.put(MetricNames.RECALL_DATA, scores.recallData());
        m.put(MetricNames.FEATURE_ROWS, (double) scores.m());
        if (grid.frames() > 1) {
            for (int f = 0; f < grid.frames(); f++) run.logMetric(MetricNames.FID_PER_FRAME, FrechetDistance.of(everyFrame(g, f, grid),
                    everyFrame(t, f, grid)), f);
            int frames = grid.frames();
            m.put(MetricNames.LABEL_CONSISTENCY, ClipFeatures.labelConsistency(classifier.predict(sampleFrames), frames));
            m.put(MetricNames.LABEL_CONSISTENCY_DATA, ClipFeatures.labelConsistency(classifier.predict(testFrames), frames));
            m.put(MetricNames.CLIP_MOTION_ERROR, ClipMotion.motionError(Arrays.copyOf(samples, n), grid));
            m.put(MetricNames.CLIP_MOTION_ERROR_DATA, ClipMotion.motionError(Arrays2.toMatrix(Arrays2.firstRows(test, n)), grid));
            ClipFeatures.Distance clips = ClipFeatures.distance(ClipFeatures.describe(g, frames), ClipFeatures.describe(t, frames),
                    ClipFeatures.describe(r, frames), new SplittableRandom(seed));
            m.put(MetricNames.FVD_FEATURES, clips.value());
            m.put(MetricNames.FVD_FEATURES_STDERR, clips.stderr());
            m.put(MetricNames.FVD_FEATURES_FLOOR, clips.floor());
        }
        if (label >= 0) {
            int[] predicted = classifier.predict(sampleFrames);
            m.put(MetricNames.LABEL_ACCURACY, Arrays.stream(predicted).filter(p -> p == label).count() / (double) predicted.length);
        }
        return m;
    }

    /** The classifier's accuracy on the frames of the test rows (labelled by their clip's class). */
    static double testAccuracy(FeatureClassifier classifier, INDArray test, int[] labels, PixelGrid grid) {
        TrainingRows.Drawn frames = FeatureSpace.frames(new TrainingRows.Drawn(test, labels), grid);
        return classifier.accuracy(frames.rows(), frames.labels());
    }

    static INDArray frames(INDArray rows, PixelGrid grid) {
        return FeatureSpace.frames(new TrainingRows.Drawn(rows, null), grid).rows();
    }

    /** The feature rows of frame f of every clip (rows are clip-major). */
    private static double[][] everyFrame(double[][] features, int f, PixelGrid grid) {
        double[][] out = new double[features.length / grid.frames()][];
        for (int i = 0; i < out.length; i++) out[i] = features[i * grid.frames() + f];
        return out;
    }
}
