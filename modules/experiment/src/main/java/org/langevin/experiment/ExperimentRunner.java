package org.langevin.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.langevin.core.Arrays2;
import org.langevin.core.LikelihoodResult;
import org.langevin.core.SampleResult;
import org.langevin.core.ScoreModel;
import org.langevin.core.TrainableScore;
import org.langevin.data.CsvPoints;
import org.langevin.training.Checkpoint;
import org.langevin.core.ConfigException;
import org.langevin.core.PixelGrid;
import org.langevin.metrics.ClipMotion;
import org.langevin.metrics.NearestNeighbours;
import org.langevin.training.DivergenceException;
import org.langevin.training.TrainingStopped;
import org.langevin.training.Trainer;
import org.langevin.metrics.FisherDivergence;
import org.langevin.metrics.TwoSampleDistances;
import org.langevin.tracking.TrackedRun;
import org.langevin.tracking.Tracker;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One experiment, end to end: train the score model (unless it is an oracle), sample from it, evaluate samples
 * against held-out data and the test NLL through the probability-flow ODE, and log everything to MLflow.
 */
public final class ExperimentRunner {
    /** What a finished run reports. */
    public record Result(String runId, String experiment, String trackingUri, String url, Map<String, Double> metrics) {}

    private final Path home;
    private final PrintStream err;
    /** Stops training at the first step for which this holds (a signal sets it; tests set a step). */
    private volatile java.util.function.IntPredicate stopAt = step -> false;

    private final Map<String, String> extraTags = new LinkedHashMap<>();
    /** Training metrics up to this step are already in the run (a resumed run does not log them again). */
    private long loggedUpTo;

    public ExperimentRunner(Path home, PrintStream err) {
        this.home = home;
        this.err = err;
    }

    /** Adds tags to the runs this runner starts (a sweep names its parent run and the cell). */
    public ExperimentRunner withTags(Map<String, String> tags) {
        extraTags.putAll(tags);
        return this;
    }

    /** Starts a new run. */
    public Result run(ExperimentConfig config, Map<String, String> env) throws IOException {
        Parts parts = Parts.build(config); // validates everything before a run exists
        try (Tracker tracker = TrackingSetup.forRun(parts.settings(), home, env)) {
            Map<String, String> tags = Provenance.tags(home, config, parts.lineage().isPresent() ? "lineage" : "train");
            tags.putAll(extraTags);
            TrackedRun run = tracker.startRun(tracker.experimentId(parts.settings().string("experiment")),
                    parts.settings().string("tracking.run_name"), tags);
            return track(config, parts, tracker, run, null);
        }
    }

    /** Continues a stopped, killed or failed training run from its latest checkpoint, logging into the same run. */
    public Result resume(ExperimentConfig config, String runId, Map<String, String> env) throws IOException {
        Parts parts = Parts.build(config);
        if (parts.settings().flag("tracking.offline")) throw new ConfigException("--resume", "needs the MLflow server; tracking.offline is true");
        try (Tracker tracker = TrackingSetup.connect(parts.settings().string("tracking.uri"), home, env);
             TempFolder work = TempFolder.create("langevin-resume-")) {
            org.mlflow.api.proto.Service.Run previous;
            try {
                previous = tracker.getRun(runId);
            } catch (org.mlflow.tracking.MlflowClientException e) {
                throw new ConfigException("--resume", "run '" + runId + "' cannot be read from MLflow: " + e.getMessage());
            }
            Map<String, String> tags = new java.util.HashMap<>();
            previous.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
            if (!"train".equals(tags.get("job"))) throw new ConfigException("--resume", "run '" + runId + "' is not a training run");
            if (previous.getInfo().getStatus() == org.mlflow.api.proto.Service.RunStatus.FINISHED) {
                throw new ConfigException("--resume", "run '" + runId + "' already FINISHED: nothing to resume");
            }
            if (!config.hash().equals(tags.get("config_hash"))) {
                throw new ConfigException("--resume", "run '" + runId + "' was started from a different configuration (config_hash "
                        + tags.get("config_hash") + ", this one " + config.hash() + "): resume with the same file and --set values");
            }
            if (!tracker.listArtifacts(runId, "checkpoint").contains("checkpoint/latest.ckpt")) {
                throw new ConfigException("--resume", "run '" + runId + "' has no checkpoint/latest.ckpt to resume from "
                        + "(it stopped before train.checkpoint_every steps)");
            }
            Checkpoint start = Checkpoint.load(tracker.downloadArtifact(runId, "checkpoint/latest.ckpt", work.resolve("latest.ckpt")));
            // a process killed between checkpoints may have logged steps past the checkpoint: they are not logged twice
            loggedUpTo = tracker.metricHistory(runId, "train/loss").stream().mapToLong(org.mlflow.api.proto.Service.Metric::getStep).max().orElse(0);
            err.println("resuming run " + runId + " at step " + start.step());
            return track(config, parts, tracker, tracker.reopenRun(runId), start);
        }
    }

    public void stopAtStep(int step) {
        stopAt = s -> s >= step;
    }

    private Result track(ExperimentConfig config, Parts parts, Tracker tracker, TrackedRun run, Checkpoint resumeFrom) throws IOException {
        long start = System.nanoTime(); // wall time of the run itself, not of first-time MLflow setup
        AtomicBoolean ended = new AtomicBoolean(false);
        java.util.concurrent.CountDownLatch settled = new java.util.concurrent.CountDownLatch(1);
        AtomicBoolean training = new AtomicBoolean(false);
        Thread signalHook = new Thread(() -> {
            if (training.get()) { // ask training to stop at the next step, write its checkpoint and mark the run KILLED
                stopAt = step -> true;
                try {
                    settled.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (ended.compareAndSet(false, true)) run.kill();
        });
        Runtime.getRuntime().addShutdownHook(signalHook);
        // the scratch folder must outlive the catch blocks (the last good checkpoint is written there)
        try (TempFolder work = TempFolder.create("langevin-run-")) {
            try {
                if (resumeFrom == null) {
                    run.logParams(config.flatStrings());
                    // the size of the trained network (0 for an exact score), beside the configuration that sets it
                    long parameters = parts.trainable().map(t -> t.parameters().length()).orElse(0L);
                    run.logParams(Map.of("score_parameters", String.valueOf(parameters)));
                    Path resolved = work.resolve("resolved.yaml");
                    Files.writeString(resolved, config.toYaml());
                    run.logArtifact(resolved, "config/resolved.yaml");
                }
                Map<String, Double> metrics = execute(config, parts, tracker, run, work, resumeFrom, training);
                metrics.put("wall_seconds", (System.nanoTime() - start) / 1e9);
                run.logMetrics(metrics);
                ended.set(true);
                run.finish();
                if (run.spooled() > 0) {
                    err.println("[tracking] " + run.spooled() + " operations of run " + run.runId() + " wait in " + run.spoolDir()
                            + ": they are sent by './langevin mlflow sync'");
                }
                return new Result(run.runId(), parts.settings().string("experiment"), tracker.uri(), run.url(), metrics);
            } catch (TrainingStopped e) {
                logCheckpoint(run, work, e.checkpoint(), "latest");
                run.setTags(Map.of("stopped_step", String.valueOf(e.checkpoint().step())));
                if (ended.compareAndSet(false, true)) run.kill();
                throw new RunFailedException("run " + run.runId() + " KILLED at step " + e.checkpoint().step()
                        + "; continue it with --resume " + run.runId());
            } catch (DivergenceException e) {
                logCheckpoint(run, work, e.lastGood(), "last_good");
                run.setTags(Map.of("failed_step", String.valueOf(e.step()), "failed_stage", "training"));
                ended.set(true);
                run.fail(e.getMessage());
                throw new RunFailedException("run " + run.runId() + " FAILED: " + e.getMessage() + "; last good checkpoint logged");
            } catch (RuntimeException | IOException e) {
                if (ended.compareAndSet(false, true)) run.fail(String.valueOf(e.getMessage()));
                throw e;
            } finally {
                settled.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(signalHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is already running
                }
            }
        }
    }

    private static void logCheckpoint(TrackedRun run, TempFolder work, Checkpoint checkpoint, String name) throws IOException {
        Path file = work.resolve(name + ".ckpt");
        checkpoint.save(file);
        run.logArtifact(file, "checkpoint/" + name + ".ckpt");
    }

    private Map<String, Double> execute(ExperimentConfig config, Parts parts, Tracker tracker, TrackedRun run, TempFolder work,
                                        Checkpoint resumeFrom, AtomicBoolean training) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (parts.lineage().isPresent()) {
            lineage(parts, run, metrics, work);
            return metrics;
        }
        ScoreModel model = parts.score();
        if (parts.trainable().isPresent()) {
            TrainableScore net = parts.trainable().get();
            java.util.Optional<Checkpoint> reused = resumeFrom == null && parts.settings().flag("train.reuse")
                    ? reusedTraining(config, tracker, run, metrics, work) : java.util.Optional.empty();
            training.set(reused.isEmpty());
            Checkpoint done = reused.isPresent() ? reused.get() : train(parts, net, run, metrics, work, resumeFrom);
            training.set(false);
            logCheckpoint(run, work, done, "final");
            model = net.withParameters(done.ema()); // evaluate with EMA weights
        }
        evaluate(parts, model, run, metrics, work);
        return metrics;
    }

    /** A lineage experiment instead of training and evaluation: its metrics, and its figures as plots/NAME.png. */
    private void lineage(Parts parts, TrackedRun run, Map<String, Double> metrics, TempFolder work) throws IOException {
        err.println("lineage experiment " + parts.settings().string("lineage.type") + " ...");
        long t0 = System.nanoTime();
        org.langevin.lineage.LineageExperiment.Outcome outcome = parts.lineage().orElseThrow().run(
                new org.langevin.lineage.LineageExperiment.Context(parts.settings(), parts.sde(), parts.data(), parts.sampler(), parts.streams()));
        metrics.put("lineage_seconds", (System.nanoTime() - t0) / 1e9);
        metrics.putAll(outcome.metrics());
        for (org.langevin.lineage.LineageExperiment.Figure figure : outcome.figures()) {
            Path png = work.resolve(figure.name() + ".png");
            Plots.figure(png, figure);
            run.logArtifact(png, "plots/" + figure.name() + ".png");
        }
    }

    /**
     * The final weights of a FINISHED run in the same experiment with the same training hash, at the same clean commit
     * (train.reuse): its training metrics are copied and the tag train_reused_from names it.
     */
    private java.util.Optional<Checkpoint> reusedTraining(ExperimentConfig config, Tracker tracker, TrackedRun run, Map<String, Double> metrics,
                                                          TempFolder work) throws IOException {
        String commit = Provenance.commit(home);
        if (commit.equals("unknown") || !"false".equals(Provenance.software(home).get("git_dirty"))) {
            err.println("train.reuse: the checkout has uncommitted changes, so no earlier training counts as the same; training");
            return java.util.Optional.empty();
        }
        String filter = "tags.train_hash = '" + config.trainingHash() + "' and tags.git_commit = '" + commit
                + "' and tags.git_dirty = 'false' and attributes.status = 'FINISHED'";
        java.util.Optional<org.mlflow.api.proto.Service.Run> source = tracker.searchRuns(run.experimentId(), filter).stream()
                .filter(r -> !r.getInfo().getRunId().equals(run.runId())).findFirst();
        if (source.isEmpty()) return java.util.Optional.empty();
        String sourceId = source.get().getInfo().getRunId();
        err.println("train.reuse: final weights of run " + sourceId + " (same training config and commit)");
        Checkpoint done = Checkpoint.load(tracker.downloadArtifact(sourceId, "checkpoint/final.ckpt", work.resolve("reused.ckpt")));
        for (var m : source.get().getData().getMetricsList()) {
            if (List.of("train_seconds", "train_steps_per_s", "final_train_loss").contains(m.getKey())) metrics.put(m.getKey(), m.getValue());
        }
        run.setTags(Map.of("train_reused_from", sourceId));
        return java.util.Optional.of(done);
    }

    private Checkpoint train(Parts parts, TrainableScore net, TrackedRun run, Map<String, Double> metrics, TempFolder work,
                             Checkpoint resumeFrom) throws IOException {
        Trainer.Options options = parts.training().orElseThrow();
        int logEvery = parts.settings().integer("train.log_every", 1);
        Trainer trainer = new Trainer(parts.loss().orElseThrow(), options);
        List<double[]> curve = new ArrayList<>();
        double[] window = new double[3]; // loss sum, gradient-norm sum, count
        int firstStep = resumeFrom == null ? 0 : resumeFrom.step();
        long t0 = System.nanoTime();
        Checkpoint done;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(options.steps())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(err)).showSpeed().build()) {
            bar.stepTo(firstStep);
            done = trainer.train(net, parts.data().train(), parts.streams(), resumeFrom, new Trainer.StepListener() {
                public void onStep(int step, double loss, double gradNorm, double lr) {
                    window[0] += loss;
                    window[1] += gradNorm;
                    window[2]++;
                    if (step % logEvery == 0 || step == options.steps()) {
                        double mean = window[0] / window[2];
                        if (step > loggedUpTo) {
                            run.logMetric("train/loss", mean, step);
                            run.logMetric("train/grad_norm", window[1] / window[2], step);
                            run.logMetric("train/learning_rate", lr, step);
                        }
                        curve.add(new double[] {step, mean});
                        bar.setExtraMessage(String.format(" loss %.4f", mean));
                        java.util.Arrays.fill(window, 0);
                    }
                    bar.stepTo(step);
                }

                public void onCheckpoint(Checkpoint checkpoint) {
                    try {
                        run.flush();
                        logCheckpoint(run, work, checkpoint, "latest");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }

                public boolean stopRequested(int step) {
                    return stopAt.test(step);
                }
            });
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        run.flush();
        metrics.put("train_seconds", seconds);
        metrics.put("train_steps_per_s", (options.steps() - firstStep) / seconds);
        if (!curve.isEmpty()) metrics.put("final_train_loss", curve.get(curve.size() - 1)[1]);
        Path png = work.resolve("loss_curve.png");
        Plots.lossCurve(png, curve.stream().mapToDouble(c -> c[0]).toArray(), curve.stream().mapToDouble(c -> c[1]).toArray());
        run.logArtifact(png, "plots/loss_curve.png");
        return done;
    }

    /**
     * Images and clips: a sample grid (clips: a frame strip per sample and an animated GIF), the nearest-neighbour check
     * against the training set with its held-out reference, and for clips the motion statistics of samples and data.
     */
    private static void pictures(PixelGrid grid, double[][] samples, double[][] test, double[][] train, TrackedRun run,
                                 Map<String, Double> metrics, TempFolder work) throws IOException {
        double[][] shown = java.util.Arrays.copyOf(samples, Math.min(samples.length, 64));
        Path png = work.resolve("samples.png");
        if (grid.frames() == 1) {
            Pictures.grid(png, shown, grid, 8, 6);
        } else {
            double[][] clips = java.util.Arrays.copyOf(samples, Math.min(samples.length, 8));
            Pictures.strip(png, clips, grid, 4);
            Path gif = work.resolve("samples.gif");
            Pictures.animation(gif, clips, grid, 4, 4, 150);
            run.logArtifact(gif, "plots/samples.gif");
            Path data = work.resolve("data.png");
            Pictures.strip(data, java.util.Arrays.copyOf(test, Math.min(test.length, 8)), grid, 4);
            run.logArtifact(data, "plots/data.png");
            ClipMotion.Motion sampled = ClipMotion.of(samples, grid);
            ClipMotion.Motion held = ClipMotion.of(test, grid);
            metrics.put("clip_speed_px", sampled.speed());
            metrics.put("clip_speed_px_data", held.speed());
            metrics.put("clip_displacement_change_px", sampled.displacementChange());
            metrics.put("clip_displacement_change_px_data", held.displacementChange());
        }
        run.logArtifact(png, "plots/samples.png");
        NearestNeighbours.Match nearest = NearestNeighbours.match(samples, train);
        metrics.put("nn_distance_samples", nearest.median());
        metrics.put("nn_distance_test", NearestNeighbours.match(test, train).median());
        metrics.put("nn_copy_fraction", nearest.fractionWithin(grid.spacing() / 2));
        // the first samples beside their nearest training images, pair by pair
        int pairs = Math.min(samples.length, 16);
        double[][] side = new double[2 * pairs][];
        for (int i = 0; i < pairs; i++) {
            side[2 * i] = samples[i];
            side[2 * i + 1] = train[nearest.index()[i]];
        }
        Path nn = work.resolve("nearest_neighbours.png");
        Pictures.grid(nn, side, grid, 8, 6);
        run.logArtifact(nn, "plots/nearest_neighbours.png");
    }

    private void evaluate(Parts parts, ScoreModel model, TrackedRun run, Map<String, Double> metrics, TempFolder work) throws IOException {
        int n = parts.settings().integer("sampler.n_samples", 1);
        int dim = parts.data().dim();
        err.println("sampling " + n + " points ...");
        long t0 = System.nanoTime();
        SampleResult samples = parts.sampler().sample(model, n, dim, parts.streams());
        metrics.put("sample_seconds", (System.nanoTime() - t0) / 1e9);
        metrics.put("sample_nfe", (double) samples.nfe());
        if (!Arrays2.allFinite(samples.samples())) {
            run.setTags(Map.of("failed_stage", "sampling"));
            throw new RunFailedException("sampling produced NaN or infinity (sampler.type " + parts.settings().string("sampler.type") + ")"
                    + (parts.trainable().isPresent() ? "; the trained weights are in checkpoint/final.ckpt" : ""));
        }
        double[][] x = Arrays2.toMatrix(samples.samples());
        double[][] test = Arrays2.toMatrix(parts.data().test());
        double[][] reference = Arrays2.toMatrix(parts.data().train().get(NDArrayIndex.interval(0, Math.min(parts.data().train().rows(), test.length)), NDArrayIndex.all()));
        double bandwidth = TwoSampleDistances.medianBandwidth(reference, test);
        metrics.put("mmd2", TwoSampleDistances.mmdSquared(x, test, bandwidth));
        metrics.put("energy_distance", TwoSampleDistances.energyDistance(x, test));
        // the same discrepancies between two independent draws of the data: the noise floor to compare with
        metrics.put("mmd2_data_floor", TwoSampleDistances.mmdSquared(reference, test, bandwidth));
        metrics.put("energy_distance_data_floor", TwoSampleDistances.energyDistance(reference, test));
        Path csv = work.resolve("samples.csv");
        CsvPoints.write(csv, x);
        run.logArtifact(csv, "samples/samples.csv");
        if (parts.data().grid().isPresent()) {
            pictures(parts.data().grid().get(), x, test, Arrays2.toMatrix(parts.data().train()), run, metrics, work);
        } else {
            Path png = work.resolve("samples.png");
            Plots.scatter(png, "samples vs held-out data", x, test);
            run.logArtifact(png, "plots/samples.png");
        }

        parts.data().truth().ifPresent(truth -> metrics.put("fisher_divergence", FisherDivergence.sigma2Weighted(model, truth, parts.sde(),
                parts.sde().minTime(), 50, 400, parts.streams().get("eval/fisher"))));
        if (parts.settings().flag("likelihood.enabled")) {
            int points = (int) Math.min(parts.settings().integer("likelihood.n_points", 1), parts.data().test().rows());
            INDArray evalPoints = parts.data().test().get(NDArrayIndex.interval(0, points), NDArrayIndex.all());
            err.println("test NLL on " + points + " points through the probability-flow ODE ...");
            t0 = System.nanoTime();
            LikelihoodResult nll = parts.likelihood().logDensity(model, evalPoints, parts.streams());
            metrics.put("likelihood_seconds", (System.nanoTime() - t0) / 1e9);
            metrics.put("test_nll_nats", nll.meanNll());
            metrics.put("test_nll_stderr_nats", nll.stderr());
            metrics.put("test_bits_per_dim", nll.bitsPerDim(dim));
            metrics.put("test_bits_per_dim_stderr", nll.bitsPerDimStderr(dim));
            metrics.put("likelihood_nfe", (double) nll.nfe());
            metrics.put("test_prior_term_nats", Arrays2.mean(nll.priorTerm()));
            metrics.put("test_integral_term_nats", Arrays2.mean(nll.integralTerm()));
            parts.data().truth().ifPresent(truth -> {
                double[] exact = truth.logDensity(Arrays2.toMatrix(evalPoints));
                metrics.put("test_nll_exact_nats", -Arrays2.mean(exact));
                // paired per point: mean of log p(x) - log p_θ(x) estimates KL(p ‖ p_θ) = E[NLL_θ] - H[p], with a small error bar
                double[] gap = new double[exact.length];
                for (int i = 0; i < gap.length; i++) gap[i] = exact[i] - nll.logDensity()[i];
                metrics.put("nll_gap_nats", Arrays2.mean(gap));
                metrics.put("nll_gap_stderr_nats", Arrays2.stderr(gap));
                // the entropy H[p] = -E_p log p of the data law, by Monte Carlo on 100,000 fresh draws: the NLL a perfect model reaches
                INDArray draws = truth.sample(100_000, parts.streams().get("eval/entropy"));
                metrics.put("data_entropy_nats", -Arrays2.mean(truth.logDensity(Arrays2.toMatrix(draws))));
            });
        }
    }

}
