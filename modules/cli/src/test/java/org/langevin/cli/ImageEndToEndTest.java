package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.langevin.core.TrainableScore;
import org.langevin.data.IdxImages;
import org.langevin.experiment.LossCatalogueTest;
import org.langevin.experiment.RunFailedException;
import org.langevin.experiment.SamplerCatalogueTest;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.Timings;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;
import org.langevin.training.Checkpoint;
import org.langevin.training.Trainer;

/**
 * The image and clip experiment files through the real runner and MLflow server, shrunk to seconds: bits/dim, pictures
 * and checks are logged, a stopped U-Net run resumes to the uninterrupted result, every sampler runs from its
 * checkpoint, and every loss and parameterization trains the U-Net.
 */
class ImageEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    /** A small U-Net and short phases: the experiment files' pipeline, not their figures. */
    private static final List<String> SMALL = List.of("experiment=langevin-tests", "score.channels=[8, 16]", "score.groups=4",
            "score.embedding_dim=16", "train.steps=30", "train.batch_size=16", "train.warmup_steps=5", "train.log_every=10",
            "train.checkpoint_every=10", "sampler.steps=20", "sampler.n_samples=16", "likelihood.n_points=6", "likelihood.rtol=1e-2",
            "likelihood.atol=1e-2", "features.steps=40");

    /** The clip file shrunk the same way, as command-line keys. */
    private static final List<String> SMALL_CLIPS = List.of("experiment=langevin-tests", "score.channels=[8, 16]", "score.groups=4",
            "train.steps=10", "train.batch_size=2", "sampler.steps=10", "sampler.n_samples=4", "likelihood.n_points=2",
            "likelihood.rtol=1e-2", "likelihood.atol=1e-2", "data.n_train=64", "data.n_test=8", "features.steps=20");

    static String[] withClipSets(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        SMALL_CLIPS.forEach(set -> args.addAll(List.of("--set", set)));
        return args.toArray(String[]::new);
    }

    private static ExperimentConfig config(String file, String... extra) {
        List<String> sets = new ArrayList<>(SMALL);
        sets.addAll(List.of(extra));
        return ExperimentConfig.load(Path.of(Cli.experiment(file)), sets);
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOW_TRACKING_URI", TestServer.uri());
        return env;
    }

    @Test
    void digitsRunLogsBitsPerDimAndPicturesResumesLikeAnUninterruptedRunAndEverySamplerUsesIt(@TempDir Path dir) throws Exception {
        ExperimentRunner.Result straight = new ExperimentRunner(Cli.home(), quiet).run(config("digits-vp.yaml"), env());
        Map<String, Double> m = straight.metrics();
        // bits/dim of the 64-pixel rows: NLL/(D ln 2) with D = 64
        assertThat(m.get("test_bits_per_dim")).isFinite().isPositive();
        assertThat(m.get("test_bits_per_dim") * 64 * Math.log(2)).isCloseTo(m.get("test_nll_nats"), Assertions.within(1e-6));
        assertThat(m.get("nn_distance_samples")).isPositive();
        assertThat(m.get("nn_distance_test")).isPositive();
        assertThat(m.get("nn_copy_fraction")).isBetween(0.0, 1.0);
        assertThat(m.get("sample_nfe")).isEqualTo(20);
        assertImageMetrics(m);
        try (Tracker tracker = TestServer.connect()) {
            assertThat(tracker.listArtifacts(straight.runId(), "plots")).contains("plots/samples.png", "plots/nearest_neighbours.png",
                    "plots/loss_curve.png");
            assertThat(tracker.listArtifacts(straight.runId(), "classifier")).singleElement().asString()
                    .matches("classifier/digits-[0-9a-f]{16}-40\\.classifier");
            assertThat(tracker.listArtifacts(straight.runId(), "checkpoint")).contains("checkpoint/final.ckpt");
        }

        // checkpoint, EMA and random streams of the U-Net: stopped at step 20 and resumed, the run ends as if never stopped
        ExperimentRunner stopping = new ExperimentRunner(Cli.home(), quiet);
        stopping.stopAtStep(20);
        String message = Assertions.catchThrowableOfType(RunFailedException.class,
                () -> stopping.run(config("digits-vp.yaml"), env())).getMessage();
        String stopped = message.replaceAll("(?s).*run ([0-9a-f]{32}) KILLED.*", "$1");
        ExperimentRunner.Result resumed = new ExperimentRunner(Cli.home(), quiet).resume(config("digits-vp.yaml"), stopped, env());
        assertThat(Timings.withoutTimings(resumed.metrics())).isEqualTo(Timings.withoutTimings(m));

        for (String sampler : SamplerCatalogueTest.GENERATIVE) {
            Path out = dir.resolve(sampler + ".csv");
            Cli any = Cli.run("sample", "--run", straight.runId(), "--n", "4", "--output", out.toString(), "--json",
                    "--set", "sampler.type=" + sampler, "--set", "sampler.steps=5", "--set", "sampler.rtol=1e-2", "--set", "sampler.atol=1e-2");
            assertThat(any.exitCode()).as(sampler + ": " + any.err()).isZero();
            assertThat(JSON.readTree(any.lastLine()).get("nfe").asInt()).as(sampler).isPositive();
            List<String> rows = Files.readAllLines(out);
            assertThat(rows).as(sampler).hasSize(5);
            assertThat(rows.get(1).split(",")).as(sampler).hasSize(64);
        }

        // every approximate inverse method restores from the trained U-Net: a box hidden in each image
        for (String method : List.of("replacement", "repaint", "dps", "pigdm", "smc")) {
            Cli restore = Cli.run("restore", "--run", straight.runId(), "--n", "4", "--json", "--set", "inverse.operator=mask",
                    "--set", "inverse.method=" + method, "--set", "sampler.steps=5", "--set", "inverse.resample_steps=2", "--set",
                            "inverse.particles=2");
            assertThat(restore.exitCode()).as(method + ": " + restore.err()).isZero();
            JsonNode json = JSON.readTree(restore.lastLine());
            assertThat(json.get("psnr_db").asDouble()).as(method).isFinite();
            assertThat(json.get("ssim").asDouble()).as(method).isBetween(-1.0, 1.0);
            try (Tracker tracker = TestServer.connect()) {
                assertThat(tracker.getRun(json.get("run_id").asText()).tags()).containsEntry("trained_run_id", straight.runId());
                assertThat(tracker.listArtifacts(json.get("run_id").asText(), "restore"))
                        .containsExactly("restore/truth_measurement_restoration.png");
            }
        }
    }

    /** FID, KID and precision/recall with their errors and floors, and the feature classifier's test accuracy. */
    private static void assertImageMetrics(Map<String, Double> m) {
        for (String metric : List.of("fid", "fid_stderr", "fid_floor", "kid", "kid_stderr", "kid_floor")) {
            assertThat(m.get(metric)).as(metric).isFinite();
        }
        assertThat(m.get("fid")).isNotNegative();
        assertThat(m.get("fid_floor")).isNotNegative();
        assertThat(m.get("precision")).isBetween(0.0, 1.0);
        assertThat(m.get("recall")).isBetween(0.0, 1.0);
        assertThat(m.get("classifier_test_accuracy")).isBetween(0.0, 1.0);
    }

    @Test
    void classConditionalSamplesAreScoredByTheClassifiersAccuracyOnTheRequestedLabel() throws Exception {
        ExperimentRunner.Result r = new ExperimentRunner(Cli.home(), quiet).run(config("digits-vp.yaml", "score.conditional=true",
                "sampler.label=3", "likelihood.enabled=false"), env());
        assertImageMetrics(r.metrics());
        assertThat(r.metrics().get("label_accuracy")).isBetween(0.0, 1.0);
    }

    @Test
    void fashionMnistImagesAndClipsRunEndToEndWithTheirImageMetricsAndReport(@TempDir Path dir) throws Exception {
        assertThat(IdxImages.FASHION_MNIST).as("Debian's dataset-fashion-mnist (ci/test.sh installs it)").isDirectory();
        ExperimentRunner.Result images = new ExperimentRunner(Cli.home(), quiet).run(config("fashion-vp.yaml", "data.max_train=1000",
                "data.max_test=100", "sampler.n_samples=32", "likelihood.n_points=4"), env());
        assertImageMetrics(images.metrics());
        // bits/dim of 784-pixel rows at 256 levels
        assertThat(images.metrics().get("test_bits_per_dim") * 784 * Math.log(2)).isCloseTo(images.metrics().get("test_nll_nats"),
                Assertions.within(1e-6));

        Cli clips = Cli.run(withClipSets("run", Cli.experiment("fashion-clips-vp.yaml"), "--json", "--set", "data.canvas=32", "--set",
                "data.frames=3", "--set", "data.n_eval=8", "--set", "data.max_train=500", "--set", "data.max_test=50"));
        assertThat(clips.exitCode()).as(clips.err()).isZero();
        JsonNode metrics = JSON.readTree(clips.lastLine()).get("metrics");
        Map<String, Double> m = new HashMap<>();
        metrics.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
        assertImageMetrics(m);
        assertThat(m.get("clip_speed_px_data")).isPositive();
        try (Tracker tracker = TestServer.connect()) {
            String runId = JSON.readTree(clips.lastLine()).get("run_id").asText();
            assertThat(tracker.getRun(runId).status()).isEqualTo("FINISHED");
            assertThat(tracker.metricHistory(runId, "fid_per_frame")).hasSize(3);
        }

        // runs given in the wrong slots are refused before anything is written
        Cli swapped = Cli.run("report", "fashion", "--runs", "-," + images.runId() + "," + JSON.readTree(clips.lastLine()).get("run_id").asText(),
                "--output", dir.resolve("swapped").toString());
        assertThat(swapped.exitCode()).as(swapped.err()).isEqualTo(2);
        assertThat(swapped.err()).contains("is not a run of fashion-clips-vp.yaml")
                .contains("[fashion-clips-predict.yaml, fashion-clips-vp.yaml, fashion-vp.yaml]");
        assertThat(dir.resolve("swapped")).doesNotExist();

        // the report reads both runs back (clips first, in file order; the prediction file left out) and keeps the hand-written discussion
        Files.writeString(dir.resolve("README.md"), "an older table\n## Discussion\nwhat the figures mean\n");
        Cli report = Cli.run("report", "fashion", "--runs", "-," + JSON.readTree(clips.lastLine()).get("run_id").asText() + "," + images.runId(),
                "--output", dir.toString(), "--overwrite");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(Files.readString(dir.resolve("README.md"))).contains("| FID |", "| `fashion-vp.yaml` |", "| `fashion-clips-vp.yaml` |",
                "## Discussion\nwhat the figures mean").doesNotContain("an older table");
        assertThat(dir.resolve("plots/fashion-clips-vp-samples.gif")).exists();
    }

    @Test
    void clipRunLogsAFrameStripAnAnimationAndTheMotionOfSamplesBesideTheData() throws Exception {
        Cli r = Cli.run(withClipSets("run", Cli.experiment("clips-vp.yaml"), "--json"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.lastLine());
        JsonNode metrics = json.get("metrics");
        for (String metric : List.of("test_bits_per_dim", "clip_speed_px", "clip_speed_px_data", "clip_displacement_change_px",
                "clip_displacement_change_px_data", "nn_distance_samples")) {
            assertThat(metrics.get(metric).asDouble()).as(metric).isFinite();
        }
        // the data move by ±1 pixel per frame on each axis (max_speed 1); folding at a border keeps the step ±1, and the whole
        // digit stays on the canvas, so its brightness centroid moves exactly √2 pixels per frame
        assertThat(metrics.get("clip_speed_px_data").asDouble()).isCloseTo(Math.sqrt(2), Assertions.within(1e-9));
        assertThat(metrics.get("clip_motion_error_px_data").asDouble()).isCloseTo(0, Assertions.within(1e-6)); // reflected constant velocity
        assertThat(metrics.get("clip_motion_error_px").asDouble()).isPositive();
        assertThat(metrics.get("label_consistency_data").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.get("fvd_features").asDouble()).isGreaterThan(metrics.get("fvd_features_floor").asDouble());
        try (Tracker tracker = TestServer.connect()) {
            RunRecord run = tracker.getRun(json.get("run_id").asText());
            assertThat(run.status()).isEqualTo("FINISHED");
            assertThat(tracker.listArtifacts(run.runId(), "plots")).contains("plots/samples.png", "plots/samples.gif",
                    "plots/data.png", "plots/nearest_neighbours.png");
        }
        // frame prediction from the first two frames, a run of its own: the predicted frames' motion error, PSNR, SSIM, copy baseline
        Cli restore = Cli.run("restore", "--run", json.get("run_id").asText(), "--n", "2", "--json", "--set", "inverse.operator=frames",
                "--set", "inverse.frames=[0, 1]", "--set", "inverse.method=pigdm", "--set", "sampler.steps=5");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        JsonNode restored = JSON.readTree(restore.lastLine());
        for (String m : List.of("motion_error_px", "predicted_psnr_db", "predicted_ssim", "copy_frame_psnr_db", "copy_frame_ssim")) {
            assertThat(restored.get(m).asDouble()).as(m).isFinite();
        }
        try (Tracker tracker = TestServer.connect()) {
            assertThat(tracker.listArtifacts(restored.get("run_id").asText(), "restore")).contains("restore/truth_measurement_restoration.gif");
        }
    }

    @ParameterizedTest(name = "{0}, {1} parameterization")
    @CsvSource({"dsm, noise", "ssm, noise", "ssm_vr, noise", "ksd, noise", "dsm, score", "dsm, data", "dsm, velocity", "dsm, edm"})
    void everyLossAndParameterizationTrainsTheUNet(String loss, String parameterization) {
        ExperimentParts parts = ExperimentParts.build(config("digits-vp.yaml", "loss.type=" + loss, "score.parameterization=" + parameterization,
                "train.steps=60", "train.batch_size=32", "train.learning_rate=3e-3", "train.ema_decay=0.9", "likelihood.enabled=false"));
        TrainableScore net = parts.trainable().orElseThrow();
        double before = LossCatalogueTest.heldOut(parts, net, 2, 64);
        List<Double> losses = new ArrayList<>();
        Checkpoint done = new Trainer(parts.loss().orElseThrow(), parts.training().orElseThrow())
                .train(net, parts.data().train(), parts.streams(), null, (step, value, norm, lr) -> losses.add(value));
        assertThat(losses).hasSize(60).allSatisfy(v -> assertThat(v).isFinite());
        double after = LossCatalogueTest.heldOut(parts, (TrainableScore) net.withParameters(done.ema()), 2, 64);
        assertThat(after).as("held-out DSM before %s, after %s", before, after).isLessThan(0.9 * before);
    }
}
