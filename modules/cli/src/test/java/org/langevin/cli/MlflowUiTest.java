package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.TestServer;

/**
 * What the MLflow UI of a real run shows, read from the DOM headless Chromium renders: the experiment tagged for model
 * training with its runs table, the run's dataset and description, its system metrics, the stepped sample image with
 * its step slider, and the registered model version.
 */
class MlflowUiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunPageShowsItsDatasetDescriptionSystemMetricsSampleImagesAndRegisteredModel() throws Exception {
        assertThat(HeadlessChromium.BINARY).as("Debian's chromium (ci/test.sh installs it)").isRegularFile();
        Cli r = Cli.run("run", Cli.experiment("quickstart.yaml"), "--json", "--set", "experiment=langevin-ui-tests", "--set", "train.steps=60",
                "--set", "train.sample_every=20", "--set", "tracking.system_metrics_interval=0.5", "--set", "sampler.steps=50",
                "--set", "likelihood.n_points=20", "--set", "tracking.register_model=langevin-ui-test-ring");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode result = JSON.readTree(r.lastLine());
        String runId = result.get("run_id").asText();
        String experimentId;
        try (var tracker = TestServer.connect()) {
            experimentId = tracker.getRun(runId).experimentId();
        }
        String base = TestServer.uri() + "/#/experiments/" + experimentId;

        String overview = HeadlessChromium.dom(base + "/runs/" + runId);
        assertThat(overview).as("the dataset input and its context").contains("ring", "training")
                .as("the generated description").contains("Quickstart: learn the score of eight Gaussians")
                .as("the registered model version").contains("langevin-ui-test-ring");
        String charts = HeadlessChromium.dom(base + "/runs/" + runId + "/model-metrics");
        // the image card of key "samples" (its picture fetched into a data: URL) with the slider over its steps
        assertThat(charts).as("the stepped sample image and its step slider").contains("samples", "data:image/png;base64", "Slider thumb")
                .as("the slider starts at step 0, which has a picture").doesNotContain("No image logged at this step");
        String system = HeadlessChromium.dom(base + "/runs/" + runId + "/system-metrics");
        assertThat(system).contains("system/cpu_utilization_percentage", "system/process_resident_memory_megabytes");
        String runs = HeadlessChromium.dom(base + "?workflowType=machine_learning");
        assertThat(runs).as("the model-training view's runs table").contains("Dataset");
        try (var tracker = TestServer.connect()) {
            assertThat(tracker.experimentTags(experimentId)).containsEntry("mlflow.experimentKind", "custom_model_development");
        }
    }
}
