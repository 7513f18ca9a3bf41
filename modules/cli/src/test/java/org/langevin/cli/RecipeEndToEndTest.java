package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.core.TrainableScore;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.run.TrainedModel;
import org.langevin.tracking.Tracker;
import org.langevin.training.Checkpoint;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        Map<String, Double> losses = new TreeMap<>();
        for (String name : List.of("raw", "exponential", "power_0.05", "power_0.2")) losses.put(name, metrics.get("ema/heldout_loss/"
                + name).asDouble());
        String best = losses.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
        String runId = JSON.readTree(r.lastLine()).get("run_id").asText();
        try (Tracker tracker = TestServer.connect()) {
            assertThat(tracker.getRun(runId).tags()).containsEntry("ema_choice", best);
            Path ckpt = tracker.downloadArtifact(runId, "checkpoint/final.ckpt", dir.resolve("final.ckpt"));
            Checkpoint done = Checkpoint.load(ckpt);
            assertThat(done.profiles().rows()).isEqualTo(2);
            // sample, likelihood and restore --run evaluate the weights the run chose: the same score as those weights give
            INDArray chosen = switch (best) {
                case "raw" -> done.parameters();
                case "exponential" -> done.ema();
                default -> done.profiles().getRow(best.equals("power_0.05") ? 0 : 1).dup().reshape(done.parameters().shape());
            };
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("MLFLOW_TRACKING_URI", TestServer.uri());
            var loaded = TrainedModel.load(null, runId, List.of(), env);
            var x = Nd4j.createFromArray(new double[][] {{0.5, -1.0}, {2.0, 0.3}});
            var expected = ((TrainableScore) loaded.parts().score()).withParameters(chosen).score(x, 0.3);
            assertThat(loaded.score().score(x, 0.3)).isEqualTo(expected);
        }
    }
}
