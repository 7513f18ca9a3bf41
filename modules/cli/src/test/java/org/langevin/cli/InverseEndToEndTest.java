package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.data.CsvPoints;
import org.langevin.experiment.TestServer;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;

/** Inverse problems from the command line: posterior samples for one observation, and a restoration as an MLflow run. */
class InverseEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void posteriorSamplesOfANearlyNoiselessMaskKeepTheObservedCoordinate(@TempDir Path dir) throws Exception {
        Path y = Files.writeString(dir.resolve("y.csv"), "y0\n2.5\n");
        Path out = dir.resolve("posterior.csv");
        Cli r = Cli.run("sample", "--config", Cli.experiment("oracle_ring.yaml"), "--observation", y.toString(), "--n", "200", "--output",
                out.toString(),
                "--set", "inverse.operator=mask", "--set", "inverse.mask=[1, 0]", "--set", "inverse.noise=0.001", "--set", "sampler.type=ddim",
                "--set", "sampler.steps=200", "--set", "sampler.denoise=true", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.lastLine()).get("nfe").asInt()).isEqualTo(201);
        double[][] samples = CsvPoints.read(out);
        assertThat(samples).hasNumberOfRows(200);
        double sq = 0;
        for (double[] s : samples) sq += (s[0] - 2.5) * (s[0] - 2.5);
        assertThat(Math.sqrt(sq / samples.length)).isLessThan(0.001);
    }

    @Test
    void restoreLogsTheDistanceToTheExactPosteriorAsARunOfItsOwn() throws Exception {
        Cli r = Cli.run("restore", "--config", Cli.experiment("oracle_ring.yaml"), "--n", "3", "--json", "--set", "experiment=langevin-tests",
                "--set", "inverse.operator=matrix", "--set", "inverse.matrix=[[1.0, 0.5]]", "--set", "inverse.noise=0.3", "--set",
                        "inverse.method=smc",
                "--set", "inverse.particles=8", "--set", "inverse.samples=100", "--set", "sampler.steps=50");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.lastLine());
        assertThat(json.get("restore_nfe").asInt()).isEqualTo(2 * 51 * 8);
        assertThat(json.get("posterior_energy_distance").asDouble()).isLessThan(0.1);
        assertThat(json.get("posterior_energy_distance_floor").asDouble()).isLessThan(0.05);
        try (Tracker tracker = TestServer.connect()) {
            RunRecord run = tracker.getRun(json.get("run_id").asText());
            assertThat(run.status()).isEqualTo("FINISHED");
            assertThat(run.tags()).containsEntry("job", "restore");
            assertThat(run.params()).containsEntry("inverse.method", "smc").containsEntry("inverse.noise", "0.3")
                    .containsEntry("restore.observations", "3");
            assertThat(run.finalMetrics()).containsKeys("posterior_energy_distance", "posterior_energy_distance_stderr", "restore_seconds");
            assertThat(tracker.listArtifacts(run.runId(), "restore")).containsExactly("restore/posterior.png");
        }
    }
}
