package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.Timings;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;

/**
 * A real sweep against the real MLflow server: cells in separate JVMs two at a time, one cell diverging on purpose,
 * the rerun skipping what finished, the report read back from MLflow, and a run reproduced bit for bit from its id.
 */
class SweepEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> jsonLines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.strip().split("\n")) if (line.startsWith("{")) lines.add(JSON.readTree(line));
        return lines;
    }

    @Test
    void aSweepRunsItsCellsNestedUnderAParentSkipsFinishedCellsOnRerunAndIsReportedAndReproducible(@TempDir Path dir) throws Exception {
        String name = "sweep-test-" + System.currentTimeMillis();
        Path file = Files.writeString(dir.resolve("sweep.yaml"), """
                name: %s
                base: %s
                set: {train.steps: 40, train.log_every: 10, train.checkpoint_every: 0, sampler.steps: 500, sampler.n_samples: 200,
                      likelihood.n_points: 50}
                grid:
                  train.learning_rate: [2.0e-3, 1.0e+12]   # the second diverges: its runs end FAILED, the others finish
                seeds: [1, 2]
                """.formatted(name, Cli.experiment("quickstart.yaml")));

        Cli first = Cli.run("sweep", file.toString(), "--parallel", "2", "--json", "--set", "sampler.steps=30"); // --set replaces the file's 500
        assertThat(first.exitCode()).as(first.err()).isEqualTo(1);
        List<JsonNode> lines = jsonLines(first.out());
        assertThat(lines).hasSize(5);
        List<JsonNode> cells = lines.subList(0, 4);
        JsonNode summary = lines.get(4);
        assertThat(cells).allSatisfy(c -> assertThat(c.get("run_id").asText()).hasSize(32));
        assertThat(cells).filteredOn(c -> c.get("train.learning_rate").asDouble() == 2.0e-3)
                .extracting(c -> c.get("status").asText()).containsExactly("FINISHED", "FINISHED");
        assertThat(cells).filteredOn(c -> c.get("train.learning_rate").asDouble() == 1.0e12)
                .extracting(c -> c.get("status").asText()).containsExactly("FAILED", "FAILED");
        assertThat(cells).extracting(c -> c.get("seed").asLong()).containsExactlyInAnyOrder(1L, 2L, 1L, 2L);
        String parentId = summary.get("parent_run_id").asText();
        assertThat(summary.get("experiment").asText()).isEqualTo(name);
        assertThat(summary.get("counts").get("FINISHED").asInt()).isEqualTo(2);
        assertThat(summary.get("counts").get("FAILED").asInt()).isEqualTo(2);
        String finishedId = cells.stream().filter(c -> c.get("status").asText().equals("FINISHED") && c.get("seed").asLong() == 1)
                .findFirst().orElseThrow().get("run_id").asText();

        try (Tracker tracker = TestServer.connect()) {
            Map<String, String> parent = tracker.getRun(parentId).tags();
            assertThat(parent).containsEntry("job", "sweep").containsEntry("sweep", name).containsKeys("git_commit", "java_version", "nd4j_version");
            assertThat(parent.get("sweep.set")).contains("sampler.steps: 30").doesNotContain("500");
            assertThat(tracker.getRun(finishedId).params()).containsEntry("sampler.steps", "30");
            assertThat(tracker.getRun(parentId).status()).isEqualTo("FAILED");
            assertThat(tracker.listArtifacts(parentId, "sweep")).contains("sweep/sweep.yaml");
            RunRecord cell = tracker.getRun(finishedId);
            assertThat(cell.tags()).containsEntry("mlflow.parentRunId", parentId).containsEntry("sweep", name).containsEntry("seed", "1")
                    .containsEntry("train.learning_rate", "0.002").containsEntry("sweep.cell", "train.learning_rate=0.002");
            assertThat(cell.runName()).isEqualTo("train.learning_rate=0.002 seed=1");
        }

        // the rerun skips the finished cells and reruns the failed ones, under the same parent
        Cli second = Cli.run("sweep", file.toString(), "--json", "--set", "sampler.steps=30");
        List<JsonNode> again = jsonLines(second.out());
        assertThat(again.subList(0, 4)).filteredOn(c -> c.get("skipped").asBoolean())
                .extracting(c -> c.get("run_id").asText()).containsExactlyInAnyOrderElementsOf(
                        cells.stream().filter(c -> c.get("status").asText().equals("FINISHED")).map(c -> c.get("run_id").asText()).toList());
        assertThat(again.subList(0, 4)).filteredOn(c -> !c.get("skipped").asBoolean())
                .allSatisfy(c -> assertThat(c.get("run_id").asText()).isNotIn(cells.stream().map(x -> x.get("run_id").asText()).toList()));
        assertThat(again.get(4).get("parent_run_id").asText()).isEqualTo(parentId);
        assertThat(again.get(4).get("skipped").asInt()).isEqualTo(2);

        // the report reads the runs back: two cells, the diverging one without a finished run
        Path out = dir.resolve("report");
        Cli report = Cli.run("report", "--experiment", name, "--out", out.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        String readme = Files.readString(out.resolve("README.md"));
        assertThat(readme).contains("| train.learning_rate | n | unfinished |").contains("| 0.002 | 2 | 0 |").contains("| 1.0E12 | 0 | 2 |");
        assertThat(Files.readAllLines(out.resolve("cells.csv"))).hasSize(3);
        assertThat(out.resolve("plots/test_nll_nats.png")).isRegularFile();
        assertThat(out.resolve("plots/loss_curves.png")).isRegularFile();

        // a run is reproduced from its id: every metric but the timings is bit-identical
        Cli rerun = Cli.run("run", "--from-run", finishedId, "--json");
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        try (Tracker tracker = TestServer.connect()) {
            Map<String, Double> original = new HashMap<>();
            original.putAll(tracker.getRun(finishedId).finalMetrics());
            Map<String, Double> reproduced = JSON.convertValue(JSON.readTree(rerun.lastLine()).get("metrics"),
                    new TypeReference<Map<String, Double>>() {});
            assertThat(Timings.withoutTimings(reproduced)).isEqualTo(Timings.withoutTimings(original)).containsKeys("mmd2", "test_nll_nats");
            String rerunId = JSON.readTree(rerun.lastLine()).get("run_id").asText();
            assertThat(tracker.getRun(rerunId).tags()).containsEntry("rerun_of", finishedId)
                    .containsEntry("config_hash", tracker.getRun(finishedId).tags().get("config_hash"));
        }
    }
}
