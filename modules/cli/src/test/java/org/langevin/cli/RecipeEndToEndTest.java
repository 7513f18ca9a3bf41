package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.experiment.TestServer;
import org.langevin.tracking.Tracker;

/** The training recipe's choices in a real run, logged to MLflow. */
class RecipeEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** train.ema power: every candidate's held-out loss is logged, the run evaluates the lowest and says which; the checkpoint keeps the profiles. */
    @Test
    void powerEmaScoresItsProfilesAndTheRawWeightsAndEvaluatesTheBest(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("run", Cli.experiment("quickstart.yaml"), "--json", "--set", "experiment=langevin-tests", "--set", "train.steps=300",
                "--set", "train.ema=power", "--set", "train.ema_std=[0.05, 0.2]", "--set", "sampler.steps=100", "--set", "sampler.n_samples=500",
                "--set", "likelihood.n_points=200");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode metrics = JSON.readTree(r.lastLine()).get("metrics");
        Map<String, Double> losses = new java.util.TreeMap<>();
        for (String name : List.of("raw", "exponential", "power_0.05", "power_0.2")) losses.put(name, metrics.get("ema/heldout_loss/" + name).asDouble());
        String best = losses.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
        String runId = JSON.readTree(r.lastLine()).get("run_id").asText();
        try (Tracker tracker = TestServer.connect()) {
            assertThat(tracker.getRun(runId).tags()).containsEntry("ema_choice", best);
            Path ckpt = tracker.downloadArtifact(runId, "checkpoint/final.ckpt", dir.resolve("final.ckpt"));
            assertThat(org.langevin.training.Checkpoint.load(ckpt).profiles().rows()).isEqualTo(2);
        }
    }
}
