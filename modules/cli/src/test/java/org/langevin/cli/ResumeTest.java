package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.langevin.core.ConfigException;
import org.langevin.experiment.RunFailedException;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.Timings;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.tracking.MlflowServer;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;
import org.mlflow.api.proto.Service;

/** A training run stopped between steps and resumed with --resume ends exactly where an uninterrupted run ends. */
class ResumeTest {
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    private static ExperimentConfig config(String... extra) throws Exception {
        List<String> sets = new ArrayList<>(List.of("experiment=langevin-tests", "train.steps=60", "train.log_every=10",
                "train.checkpoint_every=20", "train.lr_schedule=cosine", "train.warmup_steps=5", "sampler.steps=50",
                "sampler.n_samples=300", "likelihood.n_points=100", "likelihood.divergence=exact"));
        sets.addAll(List.of(extra));
        return ExperimentConfig.load(Path.of(Cli.experiment("quickstart.yaml")), sets);
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOW_TRACKING_URI", TestServer.uri());
        return env;
    }

    @Test
    void aStoppedRunResumedFromItsCheckpointEndsWithTheMetricsOfAnUninterruptedRun() throws Exception {
        ExperimentRunner.Result straight = new ExperimentRunner(Cli.home(), quiet).run(config(), env());

        ExperimentRunner stopping = new ExperimentRunner(Cli.home(), quiet);
        stopping.stopAtStep(30);
        String message = Assertions.catchThrowableOfType(RunFailedException.class,
                () -> stopping.run(config(), env())).getMessage();
        assertThat(message).contains("KILLED at step 30").contains("--resume");
        String runId = message.replaceAll("(?s).*run ([0-9a-f]{32}) KILLED.*", "$1");
        try (Tracker tracker = TestServer.connect()) {
            RunRecord run = tracker.getRun(runId);
            assertThat(run.status()).isEqualTo("KILLED");
            assertThat(tracker.listArtifacts(runId, "checkpoint")).containsExactly("checkpoint/latest.ckpt");
        }

        assertThatThrownBy(() -> new ExperimentRunner(Cli.home(), quiet).resume(config("train.learning_rate=1e-3"), runId, env()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("different configuration");
        // resumed, stopped again and resumed again: the clock goes on across both
        ExperimentRunner stoppingAgain = new ExperimentRunner(Cli.home(), quiet);
        stoppingAgain.stopAtStep(50);
        assertThat(Assertions.catchThrowableOfType(RunFailedException.class, () -> stoppingAgain.resume(config(), runId, env()))
                .getMessage()).contains("KILLED at step 50");
        ExperimentRunner.Result resumed = new ExperimentRunner(Cli.home(), quiet).resume(config(), runId, env());
        assertThat(resumed.runId()).isEqualTo(runId);
        assertThat(Timings.withoutTimings(resumed.metrics())).isEqualTo(Timings.withoutTimings(straight.metrics()));
        try (Tracker tracker = TestServer.connect();
             var client = MlflowServer.fromEnvironment(TestServer.uri(), System.getenv()).client()) {
            assertThat(tracker.getRun(runId).status()).isEqualTo("FINISHED");
            assertThat(client.getMetricHistory(runId, "train/loss")).extracting(Service.Metric::getStep)
                    .containsExactlyInAnyOrder(10L, 20L, 30L, 40L, 50L, 60L);
            // the training clock continues from the time logged with each stop's checkpoint: it never runs backwards
            List<Service.Metric> clock = client.getMetricHistory(runId, "train/seconds").stream()
                    .sorted(Comparator.comparingLong(Service.Metric::getStep)).toList();
            assertThat(clock).extracting(Service.Metric::getStep).containsExactly(20L, 30L, 40L, 50L);
            assertThat(clock).extracting(Service.Metric::getValue).isSorted().doesNotHaveDuplicates();
            double seconds = resumed.metrics().get("train_seconds");
            assertThat(seconds).isGreaterThan(clock.get(3).getValue());
            assertThat(resumed.metrics().get("train_steps_per_s")).isCloseTo(60 / seconds, within(1e-9 * 60 / seconds));
        }
        assertThatThrownBy(() -> new ExperimentRunner(Cli.home(), quiet).resume(config(), runId, env()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FINISHED");
    }
}
