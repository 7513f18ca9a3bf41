package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The bench command prints the figures WORKLOADS.md names (no timing thresholds: speed is reported, not tested). */
class BenchCommandTest {
    @Test
    void eachWorkloadPrintsItsFiguresAndTheLikelihoodIsAccurate() throws Exception {
        Cli r = Cli.run("bench", "--quick", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(4);
        JsonNode train = json.readTree(lines[0]);
        assertThat(train.get("workload").asText()).isEqualTo("train_dsm");
        assertThat(train.get("impl").asText()).isEqualTo("langevin");
        assertThat(train.get("threads").asInt()).isPositive();
        assertThat(train.get("steps_per_s").asDouble()).isPositive();
        assertThat(json.readTree(lines[1]).get("points_per_s").asDouble()).isPositive();
        assertThat(json.readTree(lines[2]).get("evals_per_s").asDouble()).isPositive();
        JsonNode likelihood = json.readTree(lines[3]);
        assertThat(likelihood.get("nfe").asInt()).isBetween(60, 120); // SciPy's RK45 takes 86-92 on the same problem
        assertThat(likelihood.get("mean_abs_err_nats").asDouble()).isLessThan(1e-3);

        Cli bad = Cli.run("bench", "--workload", "train_gan");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--workload").contains("train_dsm");
    }
}
