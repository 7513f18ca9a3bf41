package org.langevin.experiment.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.TestHome;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.tracking.Tracker;

/**
 * Every tag a run writes is one a user's --tag may not replace: the list of owned tags is complete for a trained run
 * (with a power EMA, whose choice is a tag) and an exact-score run, so a tag added later without its entry fails here.
 */
class OwnedTagsTest {
    @Test
    void everyTagARunWritesIsOwned() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOW_TRACKING_URI", TestServer.uri());
        String experiment = "owned-tags-" + System.nanoTime();
        ExperimentRunner runner = new ExperimentRunner(TestHome.path(), new PrintStream(OutputStream.nullOutputStream()));
        List<String> common = List.of("experiment=" + experiment, "sampler.steps=20", "sampler.n_samples=100", "likelihood.enabled=false");
        List<String> trained = new ArrayList<>(common);
        trained.addAll(List.of("train.steps=30", "train.ema=power", "train.ema_std=[0.1]"));
        String[] runs = {
            runner.run(ExperimentConfig.load(Path.of(TestHome.experiment("oracle_ring.yaml")), common), env).runId(),
            runner.run(ExperimentConfig.load(Path.of(TestHome.experiment("quickstart.yaml")), trained), env).runId()};
        try (Tracker tracker = TestServer.connect()) {
            for (String runId : runs) {
                assertThat(tracker.getRun(runId).tags().keySet()).as("tags of run " + runId).isNotEmpty()
                        .allMatch(OutboundNames::owned, "owned by the run or MLflow");
            }
        }
    }
}
