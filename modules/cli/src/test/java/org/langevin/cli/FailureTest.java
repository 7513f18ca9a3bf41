package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.Timings;
import org.langevin.sweep.ChildJvm;
import org.langevin.tracking.MetricPoint;
import org.langevin.tracking.MlflowServer;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;
import org.langevin.training.Checkpoint;

/** Every run ends in a known state and no logged data is lost: provoked for real, with real servers and processes. */
class FailureTest {
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    private static List<String> sets(String experiment, String... extra) {
        List<String> sets = new ArrayList<>(List.of("experiment=" + experiment, "train.log_every=10", "sampler.steps=40",
                "sampler.n_samples=200", "likelihood.n_points=50", "likelihood.divergence=exact"));
        sets.addAll(List.of(extra));
        return sets;
    }

    private static ExperimentConfig config(List<String> sets) {
        return ExperimentConfig.load(Path.of(Cli.experiment("quickstart.yaml")), sets);
    }

    private static Map<String, String> env(String uri) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOW_TRACKING_URI", uri);
        return env;
    }

    /** The only run of the experiment, once it has logged checkpoint/latest.ckpt. */
    private static String awaitCheckpoint(Tracker tracker, String experiment) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            var id = tracker.findExperiment(experiment);
            if (id.isPresent()) {
                List<RunRecord> runs = tracker.searchRuns(id.get(), "");
                if (!runs.isEmpty() && tracker.listArtifacts(runs.get(0).runId(), "checkpoint").contains("checkpoint/latest.ckpt")) {
                    return runs.get(0).runId();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no checkpoint in experiment " + experiment);
    }

    private static Process startRun(List<String> sets, Path log) throws Exception {
        List<String> command = new ArrayList<>(ChildJvm.command(Cli.home()));
        command.addAll(List.of("run", Cli.experiment("quickstart.yaml")));
        for (String s : sets) command.addAll(List.of("--set", s));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().put("MLFLOW_TRACKING_URI", TestServer.uri());
        b.environment().put("OMP_NUM_THREADS", "1");
        return b.start();
    }

    @Test
    void anMlflowOutageMidRunIsSpooledAndReplayedInOrderWithNothingLostOrDuplicated(@TempDir Path dir) throws Exception {
        try (ScratchMlflow server = new ScratchMlflow(dir)) {
            String uri = server.up();
            List<String> sets = sets("outage", "train.steps=3000", "train.log_every=1", "train.checkpoint_every=250");
            CompletableFuture<ExperimentRunner.Result> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return new ExperimentRunner(Cli.home(), quiet).run(config(sets), env(uri));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            String runId;
            try (Tracker tracker = Tracker.connect(MlflowServer.local(uri), dir.resolve("unused"))) {
                runId = awaitCheckpoint(tracker, "outage");
            }
            server.down(); // the server goes away mid-training ...
            Path spool = TrackingSetup.spoolRoot(Cli.home()).resolve(runId);
            for (int i = 0; i < 1200 && !(Files.isDirectory(spool) && Files.list(spool).anyMatch(f -> f.toString().endsWith(".json"))); i++) {
                Thread.sleep(100);
            }
            assertThat(running).as("the run goes on while the server is away").isNotDone();
            assertThat(Files.list(spool).count()).as("operations spooled during the outage").isPositive();
            server.up(); // ... and comes back: the run replays its spool at its next operation
            ExperimentRunner.Result result = running.get();

            assertThat(result.runId()).isEqualTo(runId);
            try (Tracker tracker = Tracker.connect(MlflowServer.local(uri), dir.resolve("unused"))) {
                RunRecord run = tracker.getRun(runId);
                assertThat(run.status()).isEqualTo("FINISHED");
                for (String key : List.of("train/loss", "train/grad_norm", "train/learning_rate")) {
                    List<Long> steps = tracker.metricHistory(runId, key).stream().map(MetricPoint::step).sorted().toList();
                    assertThat(steps).as(key).hasSize(3000).doesNotHaveDuplicates().startsWith(1L).endsWith(3000L);
                }
                Map<String, Double> logged = new HashMap<>();
                logged.putAll(run.metrics());
                assertThat(logged).containsAllEntriesOf(result.metrics());
                assertThat(tracker.listArtifacts(runId, "checkpoint")).contains("checkpoint/latest.ckpt", "checkpoint/final.ckpt");
                assertThat(tracker.listArtifacts(runId, "samples")).contains("samples/samples.csv");
                System.out.printf("outage: %d training metric values logged, %d arrived%n", 3 * 3000,
                        3 * tracker.metricHistory(runId, "train/loss").size());
            }
            assertThat(TrackingSetup.spoolRoot(Cli.home()).resolve(runId)).doesNotExist();
        }
    }

    @Test
    void killDash9DuringTrainingThenResumeEndsWithTheMetricsOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
        String experiment = "kill9-" + System.currentTimeMillis();
        List<String> sets = sets(experiment, "train.steps=600", "train.checkpoint_every=100");
        Process child = startRun(sets, dir.resolve("run.log"));
        String runId;
        try (Tracker tracker = TestServer.connect()) {
            runId = awaitCheckpoint(tracker, experiment);
            Thread.sleep(1500); // a little past the checkpoint, so some steps after it were logged before the kill
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            child.waitFor();
            RunRecord gone = tracker.getRun(runId); // its process is gone: the reader marks it KILLED, with the reason
            assertThat(gone.status()).isEqualTo("KILLED");
            assertThat(gone.tags().get("failure_reason")).contains("without a word").contains("process " + child.pid());
        }
        ExperimentRunner.Result resumed = new ExperimentRunner(Cli.home(), quiet).resume(config(sets), runId, env(TestServer.uri()));
        ExperimentRunner.Result straight = new ExperimentRunner(Cli.home(), quiet).run(config(sets), env(TestServer.uri()));
        assertThat(Timings.withoutTimings(resumed.metrics())).isEqualTo(Timings.withoutTimings(straight.metrics()));
        try (Tracker tracker = TestServer.connect()) {
            RunRecord finished = tracker.getRun(runId);
            assertThat(finished.status()).isEqualTo("FINISHED");
            assertThat(finished.tags()).doesNotContainKey("failure_reason"); // no stale marker of how it ended before
            assertThat(tracker.metricHistory(runId, "train/loss")).extracting(MetricPoint::step).hasSize(60).doesNotHaveDuplicates();
        }
    }

    @Test
    void sigtermMarksTheRunKilledAndLogsACheckpointToResumeFrom(@TempDir Path dir) throws Exception {
        String experiment = "sigterm-" + System.currentTimeMillis();
        Process child = startRun(sets(experiment, "train.steps=100000", "train.checkpoint_every=100"), dir.resolve("run.log"));
        try (Tracker tracker = TestServer.connect()) {
            String runId = awaitCheckpoint(tracker, experiment);
            child.destroy(); // SIGTERM
            assertThat(child.waitFor()).isNotZero();
            RunRecord run = tracker.getRun(runId);
            assertThat(run.status()).isEqualTo("KILLED");
            int stopped = Integer.parseInt(run.tags().get("stopped_step"));
            assertThat(stopped).isBetween(100, 100000);
            Path ckpt = tracker.downloadArtifact(runId, "checkpoint/latest.ckpt", dir.resolve("latest.ckpt"));
            assertThat(Checkpoint.load(ckpt).step()).isEqualTo(stopped);
            assertThat(tracker.metricHistory(runId, "train/loss")).extracting(MetricPoint::step).contains((long) stopped / 10 * 10);
        }
    }

    @Test
    void nanInSamplingStopsTheRunAsFailedWithTheStageAndReason() throws Exception {
        String experiment = "nan-sampling-" + System.currentTimeMillis();
        // a Langevin corrector with an absurd signal-to-noise ratio takes infinite steps
        Cli r = Cli.run("run", Cli.experiment("oracle_ring.yaml"), "--set", "experiment=" + experiment, "--set", "sampler.type=pc",
                "--set", "sampler.snr=1e200", "--set", "sampler.steps=20", "--set", "sampler.n_samples=100", "--set", "likelihood.enabled=false");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("sampling produced NaN or infinity").doesNotContain("Exception");
        try (Tracker tracker = TestServer.connect()) {
            RunRecord run = tracker.searchRuns(tracker.findExperiment(experiment).orElseThrow(), "").get(0);
            assertThat(run.status()).isEqualTo("FAILED");
            assertThat(run.tags()).containsEntry("failed_stage", "sampling").hasEntrySatisfying("failure_reason", v -> assertThat(v).contains("NaN"));
        }
    }

    @Test
    void mlflowUnreachableAtStartIsOneClearLineOrWithOfflineASpoolThatSyncSends() throws Exception {
        Cli down = Cli.run("run", Cli.experiment("oracle_ring.yaml"), "--set", "tracking.uri=http://127.0.0.1:9");
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err().strip()).startsWith("error: the MLflow tracking server at http://127.0.0.1:9 does not answer")
                .contains("tracking.offline=true").doesNotContain("Exception");

        String experiment = "offline-" + System.currentTimeMillis();
        Cli offline = Cli.run("run", Cli.experiment("oracle_ring.yaml"), "--json", "--set", "tracking.offline=true", "--set", "experiment="
                + experiment,
                "--set", "sampler.steps=50", "--set", "sampler.n_samples=200", "--set", "likelihood.n_points=50");
        assertThat(offline.exitCode()).as(offline.err()).isZero();
        var json = new ObjectMapper().readTree(offline.lastLine());
        String localId = json.get("run_id").asText();
        assertThat(json.get("tracking_uri").asText()).isEqualTo("offline");
        assertThat(TrackingSetup.spoolRoot(Cli.home()).resolve(localId)).isDirectory();

        Cli sync = Cli.run("mlflow", "sync", "--json");
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(TrackingSetup.spoolRoot(Cli.home()).resolve(localId)).doesNotExist();
        try (Tracker tracker = TestServer.connect()) {
            RunRecord run = tracker.searchRuns(tracker.findExperiment(experiment).orElseThrow(), "").get(0);
            assertThat(run.status()).isEqualTo("FINISHED");
            assertThat(run.tags()).containsEntry("offline_run_id", localId);
            assertThat(run.startTime()).as("a synced run starts when the offline run did, before it ended").isLessThanOrEqualTo(run.endTime());
            Map<String, Double> logged = new HashMap<>();
            logged.putAll(run.metrics());
            json.get("metrics").fields().forEachRemaining(e -> assertThat(logged.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue().asDouble()));
            assertThat(tracker.listArtifacts(run.runId(), "config")).contains("config/resolved.yaml");
            assertThat(tracker.datasetInputs(run.runId())).as("the spooled dataset inputs").hasSize(2).anyMatch(d -> d.endsWith(" training"));
        }
    }

    @Test
    void tokensAndPasswordsAreNeverLoggedAndSecretLookingKeysAreRedacted(@TempDir Path dir) throws Exception {
        Map<String, String> env = env(TestServer.uri());
        env.put("MLFLOW_TRACKING_TOKEN", "env-token-SECRET-1");
        env.put("MLFLOW_TRACKING_PASSWORD", "env-password-SECRET-2");
        ExperimentConfig config = ExperimentConfig.load(Path.of(Cli.experiment("oracle_ring.yaml")), List.of("experiment=secrets",
                "tracking.token=config-token-SECRET-3", "tracking.password=config-password-SECRET-4", "sampler.steps=20",
                "sampler.n_samples=100", "likelihood.enabled=false"));
        ExperimentRunner.Result r = new ExperimentRunner(Cli.home(), quiet).run(config, env);
        try (Tracker tracker = TestServer.connect()) {
            RunRecord run = tracker.getRun(r.runId());
            List<String> logged = new ArrayList<>();
            run.params().forEach((k, v) -> logged.add(k + "=" + v));
            run.tags().forEach((k, v) -> logged.add(k + "=" + v));
            for (String folder : List.of("config", "samples", "plots")) {
                for (String artifact : tracker.listArtifacts(r.runId(), folder)) {
                    logged.add(Files.readString(tracker.downloadArtifact(r.runId(), artifact, dir.resolve(artifact.replace('/', '_'))),
                            StandardCharsets.ISO_8859_1));
                }
            }
            assertThat(logged).noneMatch(text -> text.contains("SECRET"));
            assertThat(logged).contains("tracking.token=***", "tracking.password=***");
        }
        assertThat(ExperimentConfig.redacted("tracking.uri", "https://alice:pw@mlflow.example.org/x")).isEqualTo("https://***@mlflow.example.org/x");
        assertThat(ExperimentConfig.redacted("data.api_key", "k")).isEqualTo("***");
        assertThat(ExperimentConfig.redacted("data.path", "/tmp/points.csv")).isEqualTo("/tmp/points.csv");
    }
}
