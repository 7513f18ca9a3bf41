package org.langevin.experiment.run;

import static org.langevin.experiment.MetricNames.TRAIN_GRAD_NORM;
import static org.langevin.experiment.MetricNames.TRAIN_LEARNING_RATE;
import static org.langevin.experiment.MetricNames.TRAIN_LOSS;
import static org.langevin.experiment.MetricNames.TRAIN_SECONDS_SO_FAR;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.IntPredicate;
import me.tongfei.progressbar.ProgressBar;
import org.langevin.core.TrainableScore;
import org.langevin.core.TrainingRows;
import org.langevin.experiment.Metrics;
import org.langevin.experiment.TempFolder;
import org.langevin.experiment.assembly.Conditioning;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.assembly.TrainingInput;
import org.langevin.experiment.evaluation.Plots;
import org.langevin.experiment.evaluation.Progress;
import org.langevin.tracking.TrackedRun;
import org.langevin.training.Checkpoint;
import org.langevin.training.Trainer;
import org.langevin.training.workers.Workers;

/**
 * Training wired to a run: a progress bar on stderr, the mean loss, gradient norm and learning rate every
 * {@code train.log_every} steps (steps a resumed run already logged are not logged again), checkpoint/latest.ckpt every
 * {@code train.checkpoint_every} steps with the training time so far (train/seconds), a sample preview every
 * {@code train.sample_every} steps and at the end, the FID every {@code train.eval_every} steps, and the loss curve as
 * plots/loss_curve.png.
 */
record TrainingLoop(ExperimentParts parts, TrackedRun run, TempFolder work, PrintStream err, Workers workers) {

    /**
     * Trains from {@code resume} (null: from the start) until done or {@code stopAt} holds; puts the training metrics. The
     * training time so far (previews, FID passes and checkpoints aside) is logged as train/seconds with every checkpoint
     * and a stop's, and a resumed run's clock continues from it.
     */
    Checkpoint train(TrainableScore net, ResumePoint resume, IntPredicate stopAt, Map<String, Double> metrics) throws IOException {
        Checkpoint resumeFrom = resume == null ? null : resume.checkpoint();
        long loggedUpTo = resume == null ? 0 : resume.loggedUpTo();
        double secondsBefore = resume == null ? 0 : resume.trainSeconds().orElse(0);
        // a clock that missed an earlier process's time is not logged as train/seconds: a later resume would take it for the whole
        boolean wholeClock = resume == null || resume.trainSeconds().isPresent();
        Trainer.Options options = parts.training().orElseThrow();
        int logEvery = parts.plan().logEvery();
        Trainer trainer = new Trainer(parts.loss().orElseThrow(), options);
        List<double[]> curve = new ArrayList<>();
        double[] window = new double[3]; // loss sum, gradient-norm sum, count
        SamplePreview preview = new SamplePreview(parts, run, work);
        TrainingFid fid = new TrainingFid(parts, run, err);
        PassWeights passWeights = new PassWeights(parts);
        int firstStep = resumeFrom == null ? 0 : resumeFrom.step();
        long t0 = System.nanoTime();
        // training time so far, in seconds: previews and FID passes are not training time
        long[] checkpointNanos = {0};
        DoubleSupplier trainSeconds = () -> secondsBefore
                + (System.nanoTime() - t0 - preview.nanos() - fid.nanos() - passWeights.nanos() - checkpointNanos[0]) / 1e9;
        Checkpoint done;
        try (ProgressBar bar = Progress.bar(err, "train", firstStep, options.steps())) {
            // step 0: the untrained network's samples, where MLflow's step slider starts
            if (preview.every() > 0 && firstStep == 0) preview.log(net, 0, net.parameters());
            // the FID pass of the checkpoint's step, when a stop cut it short
            if (resume != null && fid.every() > 0 && firstStep % fid.every() == 0 && firstStep > resume.fidUpTo()) {
                fid.log(net, firstStep, passWeights.at(net, resumeFrom), secondsBefore, bar, () -> stopAt.test(firstStep));
            }
            TrainingRows rows = TrainingInput.rows(parts);
            Trainer.StepListener listener = new Trainer.StepListener() {
                public void onStep(int step, double loss, double gradNorm, double lr) {
                    window[0] += loss;
                    window[1] += gradNorm;
                    window[2]++;
                    if (step % logEvery == 0 || step == options.steps()) {
                        double mean = window[0] / window[2];
                        if (step > loggedUpTo) {
                            run.logMetric(TRAIN_LOSS, mean, step);
                            run.logMetric(TRAIN_GRAD_NORM, window[1] / window[2], step);
                            run.logMetric(TRAIN_LEARNING_RATE, lr, step);
                        }
                        curve.add(new double[] {step, mean});
                        bar.setExtraMessage(String.format(" loss %.4f", mean));
                        Arrays.fill(window, 0);
                    }
                    bar.stepTo(step);
                }

                public void onCheckpoint(Checkpoint checkpoint) {
                    long start = System.nanoTime(); // saving and uploading a checkpoint is not training time
                    try {
                        if (wholeClock) run.logMetric(TRAIN_SECONDS_SO_FAR, trainSeconds.getAsDouble(), checkpoint.step());
                        run.flush();
                        RunCheckpoints.log(run, work, checkpoint, "latest");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    checkpointNanos[0] += System.nanoTime() - start;
                }

                public void onPreview(int step, Checkpoint state) {
                    boolean previewDue = preview.every() > 0 && step % preview.every() == 0;
                    boolean fidDue = fid.every() > 0 && step % fid.every() == 0;
                    if (!previewDue && !fidDue) return;
                    EmaChoice.Choice weights = passWeights.at(net, state);
                    if (previewDue) preview.log(net, step, weights.weights());
                    if (fidDue) {
                        // the last step's pass is not cut: training ends there anyway, and its point closes the curve
                        fid.log(net, step, weights, trainSeconds.getAsDouble(), bar, () -> step < options.steps() && stopAt.test(step));
                    }
                }

                public boolean stopRequested(int step) {
                    if (!stopAt.test(step)) return false;
                    if (wholeClock) {
                        run.logMetric(TRAIN_SECONDS_SO_FAR, trainSeconds.getAsDouble(), step); // the stopped run's checkpoint is at this step
                        run.flush(); // before that checkpoint is uploaded
                    }
                    return true;
                }
            };
            done = workers == null ? trainer.train(net, rows, Conditioning.training(net, parts.plan()).orElse(null), parts.streams(),
                    resumeFrom, listener)
                    // every worker starts from the driver's weights (score.init_from's included), not from its own initialisation
                    : workers.train(resumeFrom != null ? resumeFrom : Trainer.initialState(net.parameters()), listener,
                            new WorkerFigures(run, bar, err));
        }
        double seconds = trainSeconds.getAsDouble();
        // the final weights' picture, unless the last step had one
        if (preview.every() > 0 && done.step() % preview.every() != 0) preview.log(net, done.step(), passWeights.at(net, done).weights());
        run.flush();
        int timed = options.steps() - (resume == null ? 0 : resume.timedFrom());
        metrics.putAll(Metrics.of(new Metrics.Training(seconds, timed, curve.isEmpty() ? Double.NaN : curve.get(curve.size() - 1)[1])));
        Path png = work.resolve("loss_curve.png");
        Plots.lossCurve(png, curve.stream().mapToDouble(c -> c[0]).toArray(), curve.stream().mapToDouble(c -> c[1]).toArray());
        run.logArtifact(png, "plots/loss_curve.png");
        return done;
    }
}
