package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.TestServer;

/**
 * What the MLflow UI of a real run shows, read from the DOM headless Chromium renders: the experiment tagged for model
 * training with its runs table, the run's dataset and description, its system metrics, the stepped sample image with
 * its step slider, and the registered model version; and that the README's screenshot of the image chart can be taken
 * (ci/mlflow-run-screenshot.sh over the DevTools protocol).
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

        String overview = HeadlessChromium.dom(base + "/runs/" + runId, text("langevin-ui-test-ring"));
        assertThat(overview).as("the dataset input, its digest and its context")
                .containsPattern(Pattern.compile("ring \\([0-9a-f]{16}\\)</span>.{0,1000}?>training</div>", Pattern.DOTALL))
                .as("the generated description").contains("Quickstart: learn the score of eight Gaussians")
                .as("the registered model version").contains("langevin-ui-test-ring");
        String charts = HeadlessChromium.dom(base + "/runs/" + runId + "/model-metrics",
                "document.querySelector('img.rc-image-img') !== null");
        // the image card of key "samples" (its picture's artifact at the slider's step) with the slider over its steps
        assertThat(charts).as("the image card of the stepped samples, at its slider's first step, and the slider")
                .contains("rc-image-img", "path=images%2Fsamples%2Bstep%2B0%2B", "Slider thumb")
                .doesNotContain("No image logged at this step");
        // the README's screenshot step: the card brought up, its last step's picture drawn inside the crop, no params above it
        BufferedImage shot = screenshot(runId);
        assertThat(shot.getWidth()).isEqualTo(1600);
        assertThat(shot.getHeight()).isEqualTo(700);
        String system = HeadlessChromium.dom(base + "/runs/" + runId + "/system-metrics",
                text("system/process_resident_memory_megabytes"));
        assertThat(system).contains("system/cpu_utilization_percentage", "system/process_resident_memory_megabytes");
        String runs = HeadlessChromium.dom(base + "?workflowType=machine_learning", text("Dataset"));
        assertThat(runs).as("the model-training view's runs table").contains("Dataset");
        try (var tracker = TestServer.connect()) {
            assertThat(tracker.experimentTags(experimentId)).containsEntry("mlflow.experimentKind", "custom_model_development");
        }
    }

    /** A page's readiness: its visible text has rendered this. */
    private static String text(String shown) {
        return "document.body.innerText.includes('" + shown + "')";
    }

    /** Runs the README's screenshot step for a run's image chart; it fails unless the last step's picture is shown. */
    private static BufferedImage screenshot(String runId) throws Exception {
        Path dir = Files.createTempDirectory("langevin-ui-");
        Path out = dir.resolve("images.png");
        try {
            HeadlessChromium.run(List.of("ci/mlflow-run-screenshot.sh", runId, out.toString()),
                    Map.of("MLFLOW_TRACKING_URI", TestServer.uri()));
            BufferedImage shot = ImageIO.read(out.toFile());
            assertThat(shot).as("a PNG at " + out).isNotNull();
            return shot;
        } finally {
            Files.deleteIfExists(out);
            Files.delete(dir);
        }
    }
}
