package org.langevin.experiment.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.langevin.core.ConfigException;
import org.langevin.core.ScoreModel;
import org.langevin.core.TrainableScore;
import org.langevin.experiment.MetricNames;
import org.langevin.experiment.RunFailedException;
import org.langevin.experiment.TempFolder;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.assembly.WorkerKeys;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.config.OutboundNames;
import org.langevin.experiment.evaluation.Evaluation;
import org.langevin.experiment.evaluation.Plots;
import org.langevin.lineage.LineageExperiment;
import org.langevin.tracking.RunLease;
import org.langevin.tracking.SystemMetrics;
import org.langevin.tracking.TrackedRun;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;
import org.langevin.training.Checkpoint;
import org.langevin.training.DivergenceException;
import org.langevin.training.TrainingStopped;
import org.langevin.training.workers.Workers;

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
    private volatile IntPredicate stopAt = step -> false;
    private final Map<String, String> extraTags = new LinkedHashMap<>();
    /** --executor: opens the workers of train.workers once the configuration is checked, before any run exists; null: this machine. */
    private Function<ExperimentConfig, Workers> workersOf;

    public ExperimentRunner(Path home, PrintStream err) {
        this.home = home;
        this.err = err;
    }

    /** Adds a user's --tag values: refused (before any run) when a key is one the run or MLflow writes, or holds a secret. */
    public ExperimentRunner withUserTags(Map<String, String> tags) {
        tags.keySet().forEach(key -> OutboundNames.userTag(key, ExperimentConfig.defaults().keySet()));
        return withTags(tags);
    }

    /** Adds the tags a sweep hands its cell: only those that place a run in a sweep (its parent, sweep.*, seed, grid keys). */
    public ExperimentRunner withCellTags(Map<String, String> tags) {
        tags.keySet().forEach(key -> OutboundNames.cellTag(key, ExperimentConfig.defaults().keySet()));
        return withTags(tags);
    }

    /** Adds tags to the runs this runner starts (a sweep names its parent run and the cell). */
    public ExperimentRunner withTags(Map<String, String> tags) {
        extraTags.putAll(tags);
        return this;
    }

    /** Trains on the workers {@code open} gives (an executor's), opened after the configuration is checked and before the run. */
    public ExperimentRunner withWorkers(Function<ExperimentConfig, Workers> open) {
        workersOf = open;
        return this;
    }

    public void stopAtStep(int step) {
        stopAt = s -> s >= step;
    }

    /** Starts a new run. */
    public Result run(ExperimentConfig config, Map<String, String> env) throws IOException {
        ExperimentParts parts = ExperimentParts.build(config); // validates everything before a run exists
        if (OutboundNames.registeredModel(parts.settings()).isPresent() && parts.settings().flag("tracking.offline")) {
            throw new ConfigException("tracking.register_model", "registering a model needs the MLflow server; tracking.offline is true");
        }
        WorkerKeys.checkRun(parts, workersOf != null);
        try (Tracker tracker = TrackingSetup.forRun(parts.settings(), home, env)) {
            InitFrom.apply(parts, tracker); // reads another run: bad input stops here, before this run exists
            return start(config, parts, tracker);
        }
    }

    private Result start(ExperimentConfig config, ExperimentParts parts, Tracker tracker) throws IOException {
        try (Workers workers = workersOf == null ? null : workersOf.apply(config)) { // a cluster is taken once everything else is checked
            Map<String, String> tags = Provenance.tags(home, config, parts.lineage().isPresent() ? "lineage" : "train");
            tags.putAll(extraTags);
            TrackedRun run = tracker.startRun(tracker.experimentId(parts.settings().string("experiment")),
                    parts.settings().string("tracking.run_name"), tags);
            err.println("run " + run.runId() + " started in experiment '" + parts.settings().string("experiment") + "': " + run.url());
            return track(config, parts, tracker, run, null, workers);
        }
    }

    /** Continues a stopped, killed or failed training run from its latest checkpoint, logging into the same run. */
    public Result resume(ExperimentConfig config, String runId, Map<String, String> env) throws IOException {
        ExperimentParts parts = ExperimentParts.build(config);
        if (parts.settings().flag("tracking.offline")) throw new ConfigException("--resume", "needs the MLflow server; tracking.offline is true");
        WorkerKeys.checkRun(parts, workersOf != null);
        try (Tracker tracker = TrackingSetup.connect(parts.settings().string("tracking.uri"), home, env);
             TempFolder work = TempFolder.create("langevin-resume-")) {
            ResumePoint start = ResumePoint.of(tracker, runId, config, work);
            return resume(config, parts, tracker, runId, start);
        }
    }

    private Result resume(ExperimentConfig config, ExperimentParts parts, Tracker tracker, String runId, ResumePoint start) throws IOException {
        try (Workers workers = workersOf == null ? null : workersOf.apply(config)) { // a cluster is taken once the run and its checkpoint are checked
            TrackedRun run;
            try {
                run = tracker.reopenRun(runId);
            } catch (RunLease.Taken e) { // taken by another process at the same moment
                throw new ConfigException("--resume", e.getMessage());
            }
            err.println("resuming run " + runId + " at step " + start.checkpoint().step() + ": " + run.url());
            return track(config, parts, tracker, run, start, workers);
        }
    }

    private Result track(ExperimentConfig config, ExperimentParts parts, Tracker tracker, TrackedRun run, ResumePoint resume, Workers workers)
            throws IOException {
        long start = System.nanoTime(); // wall time of the run itself, not of first-time MLflow setup
        AtomicBoolean training = new AtomicBoolean(false);
        RunLifecycle lifecycle = new RunLifecycle(run, () -> {
            if (training.get()) stopAt = step -> true; // training stops at the next step, writes its checkpoint
            return training.get();
        });
        // the scratch folder must outlive the catch blocks (the last good checkpoint is written there)
        try (lifecycle; TempFolder work = TempFolder.create("langevin-run-");
             var system = SystemMetrics.start(run, parts.settings().number("tracking.system_metrics_interval", 0, 86400))) {
            try {
                if (resume == null) logConfig(config, parts, run, work);
                Map<String, Double> metrics = execute(config, parts, tracker, run, work, resume, training, workers);
                metrics.put(MetricNames.WALL_SECONDS, (System.nanoTime() - start) / 1e9);
                run.logMetrics(metrics);
                run.setTags(Map.of(RunDescription.TAG, RunDescription.of(config, metrics)));
                system.close(); // no sample after the run ends
                lifecycle.finish();
                register(parts, tracker, run, metrics);
                if (run.spooled() > 0) {
                    err.println("[tracking] " + run.spooled() + " operations of run " + run.runId() + " wait in " + run.spoolDir()
                            + ": they are sent by './langevin mlflow sync'");
                }
                return new Result(run.runId(), parts.settings().string("experiment"), tracker.uri(), run.url(), metrics);
            } catch (TrainingStopped e) {
                RunCheckpoints.log(run, work, e.checkpoint(), "latest");
                run.setTags(Map.of("stopped_step", String.valueOf(e.checkpoint().step())));
                lifecycle.kill();
                throw new RunFailedException("run " + run.runId() + " KILLED at step " + e.checkpoint().step()
                        + "; continue it with --resume " + run.runId(), run.runId(), "KILLED");
            } catch (DivergenceException e) {
                RunCheckpoints.log(run, work, e.lastGood(), "last_good");
                run.setTags(Map.of("failed_step", String.valueOf(e.step()), "failed_stage", "training"));
                lifecycle.fail(e.getMessage());
                throw new RunFailedException("run " + run.runId() + " FAILED: " + e.getMessage() + "; last good checkpoint logged",
                        run.runId(), "FAILED");
            }
        } catch (RuntimeException | IOException | OutOfMemoryError e) { // anything else, the scratch folder included: the run exists, so it names it
            throw lifecycle.failed(e);
        }
    }

    /** tracking.register_model: the FINISHED run's checkpoint folder as a new version of that model, its headline metrics as version tags. */
    private void register(ExperimentParts parts, Tracker tracker, TrackedRun run, Map<String, Double> metrics) {
        Optional<String> model = OutboundNames.registeredModel(parts.settings());
        if (model.isEmpty()) return; // a run that trains nothing was refused before it started
        String name = model.get();
        try {
            String version = tracker.registerModelVersion(name, run.runId(), run.artifactUri() + "/checkpoint", RunDescription.headline(metrics));
            err.println("registered checkpoint/ of run " + run.runId() + " as version " + version + " of model '" + name + "'");
        } catch (RuntimeException e) { // the run itself is done and FINISHED
            err.println("[tracking] model '" + name + "' was not registered: " + e.getMessage());
        }
    }

    /** The resolved configuration as params and config/resolved.yaml, and the size of the trained network (0 for an exact score). */
    private static void logConfig(ExperimentConfig config, ExperimentParts parts, TrackedRun run, TempFolder work) throws IOException {
        run.logParams(config.flatStrings());
        long parameters = parts.trainable().map(t -> t.parameters().length()).orElse(0L);
        run.logParams(Map.of("score_parameters", String.valueOf(parameters)));
        run.logInputs(DatasetInputs.of(config, parts.data()));
        Path resolved = work.resolve("resolved.yaml");
        Files.writeString(resolved, config.toYaml());
        run.logArtifact(resolved, "config/resolved.yaml");
    }

    private Map<String, Double> execute(ExperimentConfig config, ExperimentParts parts, Tracker tracker, TrackedRun run, TempFolder work,
                                        ResumePoint resume, AtomicBoolean training, Workers workers) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (parts.lineage().isPresent()) {
            lineage(parts, run, metrics, work);
            return metrics;
        }
        ScoreModel model = parts.score();
        if (parts.trainable().isPresent()) {
            TrainableScore net = parts.trainable().get();
            Optional<Checkpoint> reused = resume == null && parts.plan().reuse()
                    ? TrainReuse.find(home, config, tracker, run, metrics, work, err) : Optional.empty();
            training.set(reused.isEmpty());
            Checkpoint done = reused.isPresent() ? reused.get()
                    : new TrainingLoop(parts, run, work, err, workers).train(net, resume, step -> stopAt.test(step), metrics);
            training.set(false);
            if (workers != null) workers.close(); // the cluster's executors are not held through the evaluation
            RunCheckpoints.log(run, work, done, "final");
            model = net.withParameters(EmaChoice.weights(parts, net, done, run, metrics, err)); // evaluate with EMA weights
        }
        metrics.putAll(new Evaluation(config, parts, run, work, err).evaluate(model));
        return metrics;
    }

    /** A lineage experiment instead of training and evaluation: its metrics, and its figures as plots/NAME.png. */
    private void lineage(ExperimentParts parts, TrackedRun run, Map<String, Double> metrics, TempFolder work) throws IOException {
        err.println("lineage experiment " + parts.settings().string("lineage.type") + " ...");
        long t0 = System.nanoTime();
        LineageExperiment.Outcome outcome = parts.lineage().orElseThrow().run(parts.lineageContext());
        metrics.put(MetricNames.LINEAGE_SECONDS, (System.nanoTime() - t0) / 1e9);
        metrics.putAll(outcome.metrics());
        for (LineageExperiment.Figure figure : outcome.figures()) {
            Path png = work.resolve(figure.name() + ".png");
            Plots.figure(png, figure);
            run.logArtifact(png, "plots/" + figure.name() + ".png");
        }
    }
}
