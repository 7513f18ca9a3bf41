package org.langevin.experiment.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ProgressBar;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.TrainableScore;
import org.langevin.experiment.MetricNames;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.evaluation.FidScorer;
import org.langevin.experiment.evaluation.Progress;
import org.langevin.tracking.TrackedRun;

/**
 * train.eval_every: every that many steps, train.eval_samples samples with the run's sampler from the weights the run would
 * evaluate if it ended there ({@link PassWeights}; with train.ema power each candidate's held-out loss is logged as
 * eval/heldout_loss/NAME with the step), their FID against as many test images and its floor (training against
 * test images at the same n), logged as eval/fid and eval/fid_floor with the step, beside eval/train_seconds (training
 * time so far): FID against training time. The noise
 * comes from fixed streams (seed 0), so training's own streams are untouched and the metrics of the run are the same
 * with the key on or off. It keeps the time it took, which is not training time.
 */
public final class TrainingFid {
    private static final long SEED = 0;
    private final ExperimentParts parts;
    private final TrackedRun run;
    private final PrintStream err;
    private FidScorer scorer;
    private long nanos;

    TrainingFid(ExperimentParts parts, TrackedRun run, PrintStream err) {
        this.parts = parts;
        this.run = run;
        this.err = err;
    }

    int every() {
        return parts.settings().integer("train.eval_every", 0);
    }

    /** The time all passes so far took, in nanoseconds. */
    long nanos() {
        return nanos;
    }

    /**
     * One pass at {@code step}, shown in training's bar (paused meanwhile). Once {@code stop} holds the pass ends early and
     * logs nothing (a resumed run makes the pass of its checkpoint's step again).
     */
    void log(TrainableScore net, int step, EmaChoice.Choice weights, double trainSeconds, ProgressBar bar, BooleanSupplier stop) {
        long start = System.nanoTime();
        try {
            int n = (int) Math.min(parts.settings().integer("train.eval_samples", 2), parts.data().test().rows());
            if (scorer == null) scorer = FidScorer.of(parts, n, err);
            SampleResult samples = Progress.sidePass(bar, "FID pass", parts, parts.sampling(net.withParameters(weights.weights().dup())), n, stop,
                    model -> parts.sampler().sample(model, n, parts.data().dim(), new RandomStreams(SEED)));
            run.logMetric(MetricNames.EVAL_FID, scorer.fid(samples.samples().castTo(parts.data().test().dataType())), step);
            run.logMetric(MetricNames.EVAL_FID_FLOOR, scorer.floor(), step);
            run.logMetric(MetricNames.EVAL_TRAIN_SECONDS, trainSeconds, step);
            weights.losses().forEach((name, loss) -> run.logMetric(MetricNames.EVAL_HELDOUT_LOSS + name, loss, step));
        } catch (Progress.PassStopped e) {
            // cut short by a stop: nothing logged, the resumed run makes this pass again
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            nanos += System.nanoTime() - start;
        }
    }
}
