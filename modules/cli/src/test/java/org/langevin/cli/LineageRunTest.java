package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.TestServer;

/** A lineage experiment through the command line: its figures become plots and its numbers metrics of an MLflow run. */
class LineageRunTest {
    @Test
    void aLineageRunLogsItsFiguresAsPlotsAndItsNumbersAsMetrics() throws Exception {
        Cli r = Cli.run("run", Cli.home().resolve("experiments/lineage/1-einstein.yaml").toString(), "--json", "--set", "experiment=langevin-tests",
                "--set", "lineage.particles=500");
        assertThat(r.exitCode()).as(r.err()).isZero();
        var json = new ObjectMapper().readTree(r.lastLine());
        assertThat(json.get("metrics").has("msd_slope")).isTrue();
        try (var tracker = TestServer.connect()) {
            String runId = json.get("run_id").asText();
            assertThat(tracker.listArtifacts(runId, "plots")).contains("plots/msd.png", "plots/particles.png");
            assertThat(tracker.getRun(runId).tags()).containsEntry("job", "lineage");
        }
    }
}
