package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.experiment.TestServer;
import org.langevin.tracking.RunExport;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.SpoolSync;
import org.langevin.tracking.TrackedRun;
import org.langevin.tracking.Tracker;

/** {@code mlflow export} then {@code mlflow sync --from}: a run comes back whole on a server, once. */
class RunExportTest {
    @Test
    void anExportedRunComesBackWithEveryMetricValueParamTagAndArtifactButItsCheckpoints(@TempDir Path dir) throws Exception {
        String experiment = "export-" + System.currentTimeMillis();
        byte[] payload = new byte[100_000];
        new Random(3).nextBytes(payload);
        String oldId;
        try (Tracker tracker = TestServer.connect()) {
            TrackedRun run = tracker.startRun(tracker.experimentId(experiment), "carried", Map.of("suite", "export", "mlflow.note.content",
                    "what the run is"));
            var datasets = new ObjectMapper().createArrayNode();
            var input = datasets.addObject();
            input.putObject("dataset").put("name", "ring").put("digest", "abc123").put("source_type", "code").put("source", "generated")
                    .put("schema", "").put("profile", "");
            input.putArray("tags").addObject().put("key", "mlflow.data.context").put("value", "training");
            run.logInputs(datasets);
            Map<String, String> params = new TreeMap<>();
            for (int i = 0; i < 150; i++) params.put("p" + i, "v" + i); // more than MLflow's 100 per request
            run.logParams(params);
            for (int step = 0; step < 2100; step++) run.logMetric("train/loss", 1.0 / (step + 1), step); // three batches
            run.logMetric("fid", 12.5, 0);
            run.logArtifact(Files.write(dir.resolve("grid.png"), payload), "plots/nested/grid.png");
            run.logArtifact(Files.write(dir.resolve("small.txt"), new byte[] {7, 8, 9}), "plots/z/small.bin"); // after the larger one
            run.logArtifact(Files.write(dir.resolve("latest.ckpt"), new byte[] {1, 2, 3}), "checkpoint/latest.ckpt");
            run.finish();
            oldId = run.runId();
        }
        Path folder = dir.resolve("runs");
        Cli export = Cli.run("mlflow", "export", oldId, "--to", folder.toString(), "--json");
        assertThat(export.exitCode()).as(export.err()).isZero();
        Cli sync = Cli.run("mlflow", "sync", "--from", folder.toString(), "--json");
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        String newId = new ObjectMapper().readTree(sync.lastLine()).get("run_ids").get(0).asText();
        assertThat(folder.resolve(oldId)).as("the exported folder stays as it was").isDirectory();

        try (Tracker tracker = TestServer.connect()) {
            RunRecord before = tracker.getRun(oldId);
            RunRecord after = tracker.getRun(newId);
            assertThat(after.experimentId()).isEqualTo(before.experimentId());
            assertThat(after.runName()).isEqualTo("carried");
            assertThat(after.status()).isEqualTo("FINISHED");
            assertThat(after.startTime()).isEqualTo(before.startTime());
            assertThat(after.endTime()).isEqualTo(before.endTime());
            assertThat(after.params()).isEqualTo(before.params()).hasSize(150);
            assertThat(after.tags()).containsEntry("suite", "export").containsEntry(RunExport.EXPORTED_RUN_ID, oldId)
                    .containsEntry("mlflow.note.content", "what the run is");
            assertThat(tracker.datasetInputs(newId)).isEqualTo(tracker.datasetInputs(oldId)).containsExactly("ring abc123 training");
            assertThat(tracker.metricHistory(newId, "train/loss")).isEqualTo(tracker.metricHistory(oldId, "train/loss")).hasSize(2100);
            assertThat(tracker.metricHistory(newId, "fid")).isEqualTo(tracker.metricHistory(oldId, "fid"));
            assertThat(Files.readAllBytes(tracker.downloadArtifact(newId, "plots/nested/grid.png", dir.resolve("back.png")))).isEqualTo(payload);
            assertThat(Files.readAllBytes(tracker.downloadArtifact(newId, "plots/z/small.bin", dir.resolve("back.png"))))
                    .as("a smaller artifact, carried and read back over a larger file").containsExactly(7, 8, 9);
            assertThat(tracker.listArtifacts(newId, "")).as("checkpoints are left out by default").doesNotContain("checkpoint");
        }

        Cli again = Cli.run("mlflow", "sync", "--from", folder.toString(), "--json");
        assertThat(again.exitCode()).as(again.err()).isZero();
        var json = new ObjectMapper().readTree(again.lastLine());
        assertThat(json.get("skipped_exported_run_ids").get(0).asText()).isEqualTo(oldId);
        try (Tracker tracker = TestServer.connect()) {
            assertThat(tracker.searchRuns(tracker.findExperiment(experiment).orElseThrow(), "")).as("no second copy").hasSize(2);
        }
    }

    /** A run the server refuses (here a param name it does not accept) neither blocks the other runs nor passes for a copy. */
    @Test
    void aRefusedRunEndsFailedAndBlocksNothing(@TempDir Path dir) throws Exception {
        String experiment = "refused-" + System.currentTimeMillis();
        List<String> ids = new ArrayList<>();
        try (Tracker tracker = TestServer.connect()) {
            for (String name : List.of("spoilt", "sound")) {
                TrackedRun run = tracker.startRun(tracker.experimentId(experiment), name, Map.of());
                run.logParams(Map.of("kept", "1"));
                run.logMetric("loss", 0.5, 0);
                run.finish();
                ids.add(run.runId());
            }
        }
        Path folder = dir.resolve("runs");
        assertThat(Cli.run("mlflow", "export", ids.get(0), ids.get(1), "--to", folder.toString()).exitCode()).isZero();
        Path params = folder.resolve(ids.get(0)).resolve("00000001.json");
        Files.writeString(params, Files.readString(params).replace("\"kept\"", "\"not kept!\""));
        for (int attempt = 0; attempt < 2; attempt++) { // the second sync refuses it again and still sends nothing twice
            Cli sync = Cli.run("mlflow", "sync", "--from", folder.toString(), "--json");
            assertThat(sync.exitCode()).as(sync.err()).isEqualTo(1);
            assertThat(sync.err().strip().lines()).as(sync.err()).hasSize(1);
            assertThat(sync.err()).contains("refused", "HTTP 400", "not kept!").doesNotContain("Exception");
            var json = new ObjectMapper().readTree(sync.lastLine());
            assertThat(json.get("refused")).hasSize(1);
            assertThat(json.get("run_ids").size() + json.get("skipped_exported_run_ids").size()).as("the sound run, sent once").isEqualTo(1);
        }
        try (Tracker tracker = TestServer.connect()) {
            String experimentId = tracker.findExperiment(experiment).orElseThrow();
            List<RunRecord> copies = tracker.searchRuns(experimentId, "tags." + RunExport.EXPORTED_RUN_ID + " = '" + ids.get(0) + "'");
            assertThat(copies).hasSize(2).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo("FAILED");
                assertThat(r.tags()).containsKey(SpoolSync.REFUSED);
            });
            assertThat(tracker.searchRuns(experimentId, "tags." + RunExport.EXPORTED_RUN_ID + " = '" + ids.get(1) + "'"))
                    .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("FINISHED"));
        }
        Cli plain = Cli.run("mlflow", "sync", "--json");
        assertThat(plain.exitCode()).as("nothing refused is left to retry: " + plain.err()).isZero();
    }

    @Test
    void exportRefusesWhatItCannotDoWithOneLine(@TempDir Path dir) throws Exception {
        for (List<String> args : List.of(List.of("mlflow", "export", "--to", dir.toString()), List.of("mlflow", "export", "abc"),
                List.of("mlflow", "sync", "--from", dir.resolve("missing").toString()))) {
            Cli cli = Cli.run(args.toArray(String[]::new));
            assertThat(cli.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(cli.err().strip().lines()).as(cli.err()).hasSize(1);
        }
        try (Tracker tracker = TestServer.connect()) {
            TrackedRun running = tracker.startRun(tracker.experimentId("langevin-tests"), "still running", Map.of());
            Cli cli = Cli.run("mlflow", "export", running.runId(), "--to", dir.resolve("out").toString());
            assertThat(cli.exitCode()).isEqualTo(1);
            assertThat(cli.err()).contains("is RUNNING").doesNotContain("Exception");
            running.finish();
        }
        Cli absent = Cli.run("mlflow", "export", "0123456789abcdef0123456789abcdef", "--to", dir.resolve("absent").toString());
        assertThat(absent.exitCode()).as("a run the server does not have is the user's input").isEqualTo(2);
        assertThat(absent.err().strip().lines()).as(absent.err()).hasSize(1);
        assertThat(absent.err()).contains("HTTP 404", "0123456789abcdef0123456789abcdef").doesNotContain("Exception", "\tat ");
        assertThat(dir.resolve("absent")).doesNotExist();
    }
}
