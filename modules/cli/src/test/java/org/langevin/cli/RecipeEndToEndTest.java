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
            org.langevin.training.Checkpoint done = org.langevin.training.Checkpoint.load(ckpt);
            assertThat(done.profiles().rows()).isEqualTo(2);
            // sample, likelihood and restore --run evaluate the weights the run chose: the same score as those weights give
            org.nd4j.linalg.api.ndarray.INDArray chosen = switch (best) {
                case "raw" -> done.parameters();
                case "exponential" -> done.ema();
                default -> done.profiles().getRow(best.equals("power_0.05") ? 0 : 1).dup().reshape(done.parameters().shape());
            };
            Map<String, String> env = new java.util.HashMap<>(System.getenv());
            env.put("MLFLOW_TRACKING_URI", TestServer.uri());
            var loaded = org.langevin.experiment.TrainedModel.load(null, runId, List.of(), env);
            var x = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{0.5, -1.0}, {2.0, 0.3}});
            var expected = ((org.langevin.core.TrainableScore) loaded.parts().score()).withParameters(chosen).score(x, 0.3);
            assertThat(loaded.score().score(x, 0.3)).isEqualTo(expected);
        }
    }
}
