package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.experiment.evaluation.NfeSweep;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.Timings;
import org.langevin.tracking.MetricPoint;
import org.langevin.tracking.Tracker;

/** train.eval_every: FID against training steps, with the run's own metrics the same as without it. */
class TrainingFidTest {
    private static final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    private static final List<String> SMALL = List.of("experiment=langevin-tests", "score.channels=[8, 16]", "score.groups=4",
            "score.embedding_dim=16", "train.steps=30", "train.batch_size=16", "train.warmup_steps=5", "train.log_every=10",
            "train.checkpoint_every=0", "train.sample_every=0", "sampler.steps=20", "sampler.n_samples=16", "likelihood.n_points=6",
            "likelihood.rtol=1e-2", "likelihood.atol=1e-2", "features.steps=40");

    private static ExperimentRunner.Result run(String... extra) throws Exception {
        List<String> sets = new ArrayList<>(SMALL);
        sets.addAll(List.of(extra));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOW_TRACKING_URI", TestServer.uri());
        return new ExperimentRunner(Cli.home(), quiet).run(ExperimentConfig.load(Path.of(Cli.experiment("digits-vp.yaml")), sets), env);
    }

    @Test
    void fidIsLoggedByStepAndLeavesTheRunsMetricsAsTheyAre() throws Exception {
        ExperimentRunner.Result with = run("train.eval_every=10", "train.eval_samples=40");
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
        }
    }

    /** sampler.nfe_budgets on images: FID against NFE for each deterministic sampler, beside the floor at the same n. */
    @Test
    void theNfeSweepOfAnImageRunLogsFidByNfe() throws Exception {
        ExperimentRunner.Result r = run("sampler.nfe_budgets=[10, 20]", "sampler.n_samples=64");
        try (Tracker tracker = TestServer.connect()) {
            for (String sampler : NfeSweep.deterministic()) {
                List<MetricPoint> fid = tracker.metricHistory(r.runId(), "nfe_sweep/" + sampler + "/fid");
                assertThat(fid).as(sampler).hasSize(2).allSatisfy(p -> assertThat(p.value()).isFinite().isPositive());
                assertThat(fid).extracting(MetricPoint::step).allSatisfy(step -> assertThat(step).isBetween(1L, 20L));
            }
            assertThat(tracker.metricHistory(r.runId(), "nfe_sweep/fid_floor")).hasSize(1);
        }
    }
}
