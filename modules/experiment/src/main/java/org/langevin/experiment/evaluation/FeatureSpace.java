package org.langevin.experiment.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.langevin.core.Dataset;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainingRows;
import org.langevin.experiment.Home;
import org.langevin.metrics.FeatureClassifier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The feature classifier behind an image or clip run's FID, KID and precision/recall: trained on single frames of the
 * data set's training split for {@code features.steps} minibatches and cached in .langevin/features/NAME-DIGEST-STEPS.classifier
 * (DIGEST: the first 16 hex digits of the training data's SHA-256, then the step count), so every run on the same
 * data shares one classifier. Its seeds come from the digest, not the run's seed: the classifier is a function of the data.
 */
final class FeatureSpace {
    private FeatureSpace() {}

    /** The cached classifier, or a new one trained and cached. */
    static Cached classifier(Dataset data, int steps, PrintStream err) throws IOException {
        PixelGrid grid = data.grid().orElseThrow();
        TrainingRows rows = data.trainingRows();
        String digest = rows.digest().substring(0, 16);
        String key = data.name() + "-" + digest + "-" + steps;
        Path file = Home.path().resolve(".langevin/features/" + key + ".classifier");
        if (Files.isRegularFile(file)) return new Cached(FeatureClassifier.load(file), file, false);
        err.println("training the feature classifier of " + data.name() + " (" + steps + " steps, once per data set; cached as " + file + ") ...");
        RandomStreams streams = new RandomStreams(Long.parseUnsignedLong(digest, 16));
        RandomStream batches = streams.get("features/batch");
        int clips = Math.max(1, FeatureClassifier.BATCH / grid.frames());
        FeatureClassifier classifier;
        try (var bar = Progress.bar(err, "classifier", steps)) {
            classifier = FeatureClassifier.train(n -> {
                bar.step(); // one minibatch per step
                return frames(rows.draw(clips, batches), grid);
            }, data.labels().orElseThrow().classes(), grid.channels(), grid.height(), grid.width(),
                    new FeatureClassifier.Training(steps, 1e-3, streams.masterSeed()));
        }
        classifier.save(file);
        return new Cached(classifier, file, true);
    }

    /** A classifier and its file; {@code trained}: trained by this run rather than read from the cache. */
    record Cached(FeatureClassifier classifier, Path file, boolean trained) {}

    /** Each clip's frames as rows of their own (an image is one frame), labelled by their clip's class. */
    static TrainingRows.Drawn frames(TrainingRows.Drawn clips, PixelGrid grid) {
        int n = (int) clips.rows().rows();
        INDArray rows = clips.rows().dup('c').reshape('c', (long) n * grid.frames(), grid.frameSize());
        int[] labels = null;
        if (clips.labels() != null) {
            labels = new int[n * grid.frames()];
            for (int i = 0; i < labels.length; i++) labels[i] = clips.labels()[i / grid.frames()];
        }
        return new TrainingRows.Drawn(rows, labels);
    }
}
