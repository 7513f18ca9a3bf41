package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.Timings;
import org.langevin.tracking.Tracker;

/**
 * train.reuse takes the final weights of a FINISHED run with the same training config at the same clean commit; what
 * the run then measures is bit-identical to training again. The code version comes from a throwaway git checkout.
 */
class TrainReuseTest {
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    private static ExperimentConfig config(String experiment, String... extra) {
        List<String> sets = new ArrayList<>(List.of("experiment=" + experiment, "train.steps=40", "train.log_every=10",
                "sampler.n_samples=200", "likelihood.n_points=50", "likelihood.divergence=exact"));
        sets.addAll(List.of(extra));
        return ExperimentConfig.load(Path.of(Cli.experiment("quickstart.yaml")), sets);
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t", "-c", "user.email=t@t"));
        cmd.addAll(List.of(args));
        assertThat(new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor()).isZero();
    }

    @Test
    void aRunThatDiffersOnlyInSamplingReusesTheTrainedWeightsAndMeasuresWhatRetrainingWould(@TempDir Path home) throws Exception {
        git(home, "init", "-q");
        Files.writeString(home.resolve("code.txt"), "v1");
        git(home, "add", "code.txt");
        git(home, "commit", "-q", "-m", "v1");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOW_TRACKING_URI", TestServer.uri());
        String experiment = "reuse-test-" + System.currentTimeMillis();

        ExperimentRunner.Result trained = new ExperimentRunner(home, quiet).run(config(experiment, "sampler.steps=40"), env);
        ExperimentRunner.Result reused = new ExperimentRunner(home, quiet).run(config(experiment, "sampler.steps=60", "train.reuse=true"), env);
        ExperimentRunner.Result retrained = new ExperimentRunner(home, quiet).run(config(experiment, "sampler.steps=60"), env);

        assertThat(Timings.withoutTimings(reused.metrics())).isEqualTo(Timings.withoutTimings(retrained.metrics()));
        assertThat(reused.metrics().get("final_train_loss")).isEqualTo(trained.metrics().get("final_train_loss"));
        assertThat(reused.metrics().get("sample_nfe")).isEqualTo(60.0);
        try (Tracker tracker = TestServer.connect()) {
            Map<String, String> tags = new HashMap<>();
            tags.putAll(tracker.getRun(reused.runId()).tags());
            assertThat(tags).containsEntry("train_reused_from", trained.runId()).containsEntry("git_dirty", "false");
            assertThat(tracker.listArtifacts(reused.runId(), "checkpoint")).contains("checkpoint/final.ckpt");
        }

        // with uncommitted changes no earlier training counts as the same code: it trains
        Files.writeString(home.resolve("code.txt"), "v2");
        ExperimentRunner.Result dirty = new ExperimentRunner(home, quiet).run(config(experiment, "sampler.steps=60", "train.reuse=true",
                "sampler.n_samples=100"), env);
        try (Tracker tracker = TestServer.connect()) {
            assertThat(tracker.getRun(dirty.runId()).tags()).doesNotContainKey("train_reused_from");
        }
    }
}
