package org.langevin.experiment.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.langevin.core.Arrays2;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.TrainableScore;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.evaluation.Pictures;
import org.langevin.experiment.evaluation.Plots;
import org.langevin.experiment.TempFolder;
import org.langevin.tracking.SteppedImage;
import org.langevin.tracking.TrackedRun;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * train.sample_every: before training (step 0, the initial weights) and every that many steps, a short sampling pass
 * with the weights the run would evaluate if it ended there ({@link PassWeights}), logged as the MLflow image "samples"
 * at that step (images: a 4 × 4 grid; clips: a strip of 4; points: a scatter plot of 1,000 against the held-out data).
 * Its noise comes from fixed streams (seed 0), the same at every step and in every run, so the pictures compare across
 * steps and runs; training's own streams are not touched. It keeps the time it took, which is not training time.
 */
final class SamplePreview {
    static final String KEY = "samples";
    private static final long SEED = 0;
    private static final int POINTS = 1000;
    private final ExperimentParts parts;
    private final TrackedRun run;
    private final TempFolder work;
    private long nanos;

    SamplePreview(ExperimentParts parts, TrackedRun run, TempFolder work) {
        this.parts = parts;
        this.run = run;
        this.work = work;
    }

    int every() {
        return parts.settings().integer("train.sample_every", 0);
    }

    /** The time all previews so far took, in nanoseconds. */
    long nanos() {
        return nanos;
    }

    void log(TrainableScore net, int step, INDArray weights) {
        long start = System.nanoTime();
        var grid = parts.data().grid();
        int n = grid.isEmpty() ? POINTS : grid.get().frames() > 1 ? 4 : 16;
        SampleResult samples = parts.sampler().sample(parts.sampling(net.withParameters(weights.dup())), n, parts.data().dim(),
                new RandomStreams(SEED));
        double[][] x = Arrays2.toMatrix(samples.samples());
        Path png = work.resolve("preview-" + step + ".png");
        try {
            if (grid.isEmpty()) {
                INDArray test = parts.data().test();
                double[][] shown = Arrays2.toMatrix(test.get(NDArrayIndex.interval(0, Math.min(test.rows(), POINTS)), NDArrayIndex.all()));
                Plots.scatter(png, "samples at step " + step, x, shown);
            } else if (grid.get().frames() > 1) {
                Pictures.strip(png, x, grid.get(), 4);
            } else {
                Pictures.grid(png, x, grid.get(), 4, 6);
            }
            SteppedImage.log(run, KEY, step, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        nanos += System.nanoTime() - start;
    }
}
