package org.langevin.cli;

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
import org.langevin.losses.Checkpoint;
import org.langevin.losses.DivergenceException;
import org.langevin.losses.Trainer;
import org.langevin.metrics.TwoSampleDistances;
import org.langevin.tracking.TrackedRun;
import org.langevin.tracking.Tracker;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One experiment, end to end: train the score model (unless it is an oracle), sample from it, evaluate samples
 * against held-out data and the test NLL through the probability-flow ODE, and log everything to MLflow.
 */
final class ExperimentRunner {
    /** What a finished run reports. */
    record Result(String runId, String experiment, String trackingUri, String url, Map<String, Double> metrics) {}

    private final Path home;
    private final PrintStream err;

    ExperimentRunner(Path home, PrintStream err) {
        this.home = home;
        this.err = err;
    }

    Result run(ExperimentConfig config, Map<String, String> env) throws IOException {
        Parts parts = Parts.build(config); // validates everything before a run exists
        String experiment = parts.settings().string("experiment");
        try (Tracker tracker = TrackingSetup.connect(parts.settings().string("tracking.uri"), home, env)) {
            TrackedRun run = tracker.startRun(tracker.experimentId(experiment), parts.settings().string("tracking.run_name"),
                    Provenance.tags(home, config, "train"));
            long start = System.nanoTime(); // wall time of the run itself, not of first-time MLflow setup
            AtomicBoolean ended = new AtomicBoolean(false);
            Thread killHook = new Thread(() -> {
                if (ended.compareAndSet(false, true)) run.kill();
            });
            Runtime.getRuntime().addShutdownHook(killHook);
            // the scratch folder must outlive the catch blocks (the last good checkpoint is written there)
            try (TempFolder work = TempFolder.create("langevin-run-")) {
                try {
                    run.logParams(config.flatStrings());
                    Path resolved = work.resolve("resolved.yaml");
                    Files.writeString(resolved, config.toYaml());
                    run.logArtifact(resolved, "config/resolved.yaml");
                    Map<String, Double> metrics = execute(parts, run, work);
                    metrics.put("wall_seconds", (System.nanoTime() - start) / 1e9);
                    run.logMetrics(metrics);
                    ended.set(true);
                    run.finish();
                    return new Result(run.runId(), experiment, tracker.server().uri(), run.url(), metrics);
                } catch (DivergenceException e) {
                    Path ckpt = work.resolve("last-good.ckpt");
                    e.lastGood().save(ckpt);
                    run.logArtifact(ckpt, "checkpoint/last_good.ckpt");
                    run.setTags(Map.of("failed_step", String.valueOf(e.step())));
                    ended.set(true);
                    run.fail(e.getMessage());
                    throw new RunFailedException("run " + run.runId() + " FAILED: " + e.getMessage() + "; last good checkpoint logged");
                } catch (RuntimeException | IOException e) {
                    if (ended.compareAndSet(false, true)) run.fail(String.valueOf(e.getMessage()));
                    throw e;
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(killHook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is already running
                    }
                }
            }
        }
    }

    private Map<String, Double> execute(Parts parts, TrackedRun run, TempFolder work) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        ScoreModel model = parts.score();
        if (parts.trainable().isPresent()) {
            TrainableScore net = parts.trainable().get();
            Checkpoint done = train(parts, net, run, metrics, work);
            Path ckpt = work.resolve("final.ckpt");
            done.save(ckpt);
            run.logArtifact(ckpt, "checkpoint/final.ckpt");
            model = net.withParameters(done.ema()); // evaluate with EMA weights
        }
        evaluate(parts, model, run, metrics, work);
        return metrics;
    }

    private Checkpoint train(Parts parts, TrainableScore net, TrackedRun run, Map<String, Double> metrics, TempFolder work) throws IOException {
        Trainer.Options options = parts.training().orElseThrow();
        int logEvery = parts.settings().integer("train.log_every", 1);
        Trainer trainer = new Trainer(parts.loss().orElseThrow(), options);
        List<double[]> curve = new ArrayList<>();
        double[] window = new double[2]; // loss sum, count
        long t0 = System.nanoTime();
        Checkpoint done;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(options.steps())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(err)).showSpeed().build()) {
            done = trainer.train(net, parts.data().train(), parts.streams(), null, (step, loss, gradNorm, lr) -> {
                window[0] += loss;
                window[1]++;
                if (step % logEvery == 0 || step == options.steps()) {
                    double mean = window[0] / window[1];
                    run.logMetric("train/loss", mean, step);
                    run.logMetric("train/grad_norm", gradNorm, step);
                    run.logMetric("train/learning_rate", lr, step);
                    curve.add(new double[] {step, mean});
                    bar.setExtraMessage(String.format(" loss %.4f", mean));
                    window[0] = 0;
                    window[1] = 0;
                }
                bar.stepTo(step);
            });
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        run.flush();
        metrics.put("train_seconds", seconds);
        metrics.put("train_steps_per_s", options.steps() / seconds);
        metrics.put("final_train_loss", curve.get(curve.size() - 1)[1]);
        Path png = work.resolve("loss_curve.png");
        Plots.lossCurve(png, curve.stream().mapToDouble(c -> c[0]).toArray(), curve.stream().mapToDouble(c -> Math.max(c[1], 1e-12)).toArray());
        run.logArtifact(png, "plots/loss_curve.png");
        return done;
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
            throw new RunFailedException("sampling produced NaN or infinity (sampler.type " + parts.settings().string("sampler.type") + ")");
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
        Path png = work.resolve("samples.png");
        Plots.scatter(png, "samples vs held-out data", x, test);
        run.logArtifact(png, "plots/samples.png");

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
            metrics.put("likelihood_nfe", (double) nll.nfe());
            metrics.put("test_prior_term_nats", Arrays2.mean(nll.priorTerm()));
            metrics.put("test_integral_term_nats", Arrays2.mean(nll.integralTerm()));
            parts.data().truth().ifPresent(truth -> {
                metrics.put("test_nll_exact_nats", -Arrays2.mean(truth.logDensity(Arrays2.toMatrix(evalPoints))));
                // the entropy H[p] = -E_p log p of the data law, by Monte Carlo on 100,000 fresh draws: the NLL a perfect model reaches
                INDArray draws = truth.sample(100_000, parts.streams().get("eval/entropy"));
                metrics.put("data_entropy_nats", -Arrays2.mean(truth.logDensity(Arrays2.toMatrix(draws))));
            });
        }
    }

}
