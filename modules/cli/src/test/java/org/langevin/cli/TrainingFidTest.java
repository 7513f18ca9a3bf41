package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.RunFailedException;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.Timings;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.tracking.MetricPoint;
import org.langevin.tracking.Tracker;

/** train.eval_every: FID against training steps, with the run's own metrics the same as without it. */
class TrainingFidTest {
    private static final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    private static final String[] WITH_FID = {"train.eval_every=10", "train.eval_samples=40", "train.checkpoint_every=10"};
    private static final List<String> SMALL = List.of("experiment=langevin-tests", "score.channels=[8, 16]", "score.groups=4",
            "score.embedding_dim=16", "train.steps=30", "train.batch_size=16", "train.warmup_steps=5", "train.log_every=10",
            "train.checkpoint_every=0", "train.sample_every=0", "sampler.steps=20", "sampler.n_samples=16", "likelihood.n_points=6",
            "likelihood.rtol=1e-2", "likelihood.atol=1e-2", "features.steps=40");

    private static ExperimentRunner.Result run(String... extra) throws Exception {
        return new ExperimentRunner(Cli.home(), quiet).run(config(extra), env());
    }

    private static ExperimentConfig config(String... extra) {
        List<String> sets = new ArrayList<>(SMALL);
        sets.addAll(List.of(extra));
        return ExperimentConfig.load(Path.of(Cli.experiment("digits-vp.yaml")), sets);
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOW_TRACKING_URI", TestServer.uri());
        return env;
    }

    @Test
    void fidIsLoggedByStepAndLeavesTheRunsMetricsAsTheyAre() throws Exception {
        ExperimentRunner.Result with = run(WITH_FID);
        ExperimentRunner.Result without = run();
        assertThat(Timings.withoutTimings(with.metrics())).isEqualTo(Timings.withoutTimings(without.metrics()));
        try (Tracker tracker = TestServer.connect()) {
            List<MetricPoint> fid = tracker.metricHistory(with.runId(), "eval/fid");
            assertThat(fid).extracting(MetricPoint::step).containsExactly(10L, 20L, 30L);
            assertThat(fid).allSatisfy(p -> assertThat(p.value()).isFinite().isPositive());
            List<MetricPoint> floor = tracker.metricHistory(with.runId(), "eval/fid_floor");
            assertThat(floor).hasSize(3).extracting(MetricPoint::value).containsOnly(floor.get(0).value());
            assertThat(tracker.metricHistory(with.runId(), "eval/train_seconds")).extracting(MetricPoint::value).isSorted();
            assertThat(tracker.metricHistory(without.runId(), "eval/fid")).isEmpty();

            // a stop during the FID pass of a checkpoint's step: the checkpoint of that step is kept (it comes before the
            // pass), the pass ends early and logs nothing, and the resumed run makes it again: the same curve as without the stop
            ExperimentRunner stopping = new ExperimentRunner(Cli.home(), quiet);
            stopping.stopAtStep(10);
            String message = catchThrowableOfType(RunFailedException.class, () -> stopping.run(config(WITH_FID), env())).getMessage();
            String stopped = message.replaceAll("(?s).*run ([0-9a-f]{32}) KILLED at step 10.*", "$1");
            assertThat(tracker.metricHistory(stopped, "eval/fid")).isEmpty();
            ExperimentRunner.Result resumed = new ExperimentRunner(Cli.home(), quiet).resume(config(WITH_FID), stopped, env());
            assertThat(Timings.withoutTimings(resumed.metrics())).isEqualTo(Timings.withoutTimings(with.metrics()));
            assertThat(tracker.metricHistory(stopped, "eval/fid")).extracting(MetricPoint::step, MetricPoint::value)
                    .containsExactlyElementsOf(fid.stream().map(p -> tuple(p.step(), p.value())).toList());
        }
    }

    /**
     * With train.ema power a pass scores the weights the run would evaluate if it ended at that step: the candidate of
     * lowest held-out loss (logged with the step; at the last step the same losses the run's own choice logs), not the
     * exponential EMA. The same training with the exponential EMA alone gives the exponential EMA's FID: equal exactly
     * when the choice is the exponential EMA.
     */
    @Test
    void withPowerEmaAPassScoresTheChosenWeights() throws Exception {
        ExperimentRunner.Result power = run("train.eval_every=15", "train.eval_samples=40", "train.ema=power");
        ExperimentRunner.Result exponential = run("train.eval_every=15", "train.eval_samples=40");
        try (Tracker tracker = TestServer.connect()) {
            String[] names = {"raw", "exponential", "power_0.05", "power_0.1"};
            for (String name : names) {
                List<MetricPoint> loss = tracker.metricHistory(power.runId(), "eval/heldout_loss/" + name);
                assertThat(loss).as(name).extracting(MetricPoint::step).containsExactly(15L, 30L);
                assertThat(loss.get(1).value()).as(name).isEqualTo(power.metrics().get("ema/heldout_loss/" + name));
            }
            assertThat(tracker.metricHistory(exponential.runId(), "eval/heldout_loss/raw")).isEmpty();
            List<MetricPoint> fidPower = tracker.metricHistory(power.runId(), "eval/fid");
            List<MetricPoint> fidExponential = tracker.metricHistory(exponential.runId(), "eval/fid");
            int chosenOtherwise = 0;
            for (int k = 0; k < 2; k++) {
                long step = fidPower.get(k).step();
                String chosen = Arrays.stream(names).min(Comparator.comparingDouble(name -> valueAt(tracker,
                        power.runId(), "eval/heldout_loss/" + name, step))).orElseThrow();
                if (!chosen.equals("exponential")) chosenOtherwise++;
                assertThat(fidPower.get(k).value() == fidExponential.get(k).value()).as("step %d chose %s", step, chosen)
                        .isEqualTo(chosen.equals("exponential"));
            }
            assertThat(chosenOtherwise).as("a pass whose choice is not the exponential EMA").isPositive();
            assertThat(tracker.getRun(power.runId()).tags().get("ema_choice")).isEqualTo(Arrays.stream(names)
                    .min(Comparator.comparingDouble(name -> power.metrics().get("ema/heldout_loss/" + name))).orElseThrow());
        }
    }

    private static double valueAt(Tracker tracker, String runId, String metric, long step) {
        return tracker.metricHistory(runId, metric).stream().filter(p -> p.step() == step).findFirst().orElseThrow().value();
    }

    /** sampler.nfe_budgets on images: FID against NFE for each deterministic sampler, beside the floor at the same n. */
    @Test
    void theNfeSweepOfAnImageRunLogsFidByNfe() throws Exception {
        ExperimentRunner.Result r = run("sampler.nfe_budgets=[10, 20]", "sampler.n_samples=64");
        try (Tracker tracker = TestServer.connect()) {
            for (String sampler : Catalogue.deterministicSamplers()) {
                List<MetricPoint> fid = tracker.metricHistory(r.runId(), "nfe_sweep/" + sampler + "/fid");
                assertThat(fid).as(sampler).hasSize(2).allSatisfy(p -> assertThat(p.value()).isFinite().isPositive());
                assertThat(fid).extracting(MetricPoint::step).allSatisfy(step -> assertThat(step).isBetween(1L, 20L));
            }
            assertThat(tracker.metricHistory(r.runId(), "nfe_sweep/fid_floor")).hasSize(1);
        }
    }
}
