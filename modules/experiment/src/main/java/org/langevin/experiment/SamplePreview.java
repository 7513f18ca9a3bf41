package org.langevin.experiment;

import java.io.IOException;
import java.nio.file.Path;
import org.langevin.core.Arrays2;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.TrainableScore;
import org.langevin.tracking.SteppedImage;
import org.langevin.tracking.TrackedRun;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * train.sample_every: before training (step 0, the initial weights) and every that many steps, a short sampling pass
 * with the EMA weights, logged as the MLflow image "samples" at that step (images: a 4 × 4 grid; clips: a strip of 4; points: a scatter plot of 1,000 against the held-out
 * data). Its noise comes from fixed streams (seed 0), the same at every step and in every run, so the pictures compare
 * across steps and runs; training's own streams are not touched.
 */
record SamplePreview(ExperimentParts parts, TrackedRun run, TempFolder work) {
    static final String KEY = "samples";
    private static final long SEED = 0;

    int every() {
        return parts.settings().integer("train.sample_every", 0);
    }

    void log(TrainableScore net, int step, INDArray ema) {
        var grid = parts.data().grid();
        int n = grid.isEmpty() ? 1000 : grid.get().frames() > 1 ? 4 : 16;
        SampleResult samples = parts.sampler().sample(parts.sampling(net.withParameters(ema.dup())), n, parts.data().dim(), new RandomStreams(SEED));
        double[][] x = Arrays2.toMatrix(samples.samples());
        Path png = work.resolve("preview-" + step + ".png");
        try {
            if (grid.isEmpty()) {
                double[][] test = Arrays2.toMatrix(parts.data().test());
                Plots.scatter(png, "samples at step " + step, x, java.util.Arrays.copyOf(test, Math.min(test.length, 1000)));
            } else if (grid.get().frames() > 1) {
                Pictures.strip(png, x, grid.get(), 4);
            } else {
                Pictures.grid(png, x, grid.get(), 4, 6);
            }
            SteppedImage.log(run, KEY, step, png);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
