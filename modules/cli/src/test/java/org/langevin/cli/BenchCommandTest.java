package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.TestServer;

/** The bench command prints the figures WORKLOADS.md names (no timing thresholds: speed is reported, not tested). */
class BenchCommandTest {
    @Test
    void eachWorkloadPrintsItsFiguresAndTheLikelihoodIsAccurate() throws Exception {
        Cli r = Cli.run("bench", "--quick", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(7);
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
        // the U-Net workloads: the parameter counts of WORKLOADS.md, which the PyTorch reference's network has too
        long[] parameters = {87_969, 1_406_465, 103_393};
        String[] unets = {"train_unet_digits", "train_unet_28", "train_unet_clips"};
        for (int i = 0; i < 3; i++) {
            JsonNode unet = json.readTree(lines[4 + i]);
            assertThat(unet.get("workload").asText()).isEqualTo(unets[i]);
            assertThat(unet.get("params").asLong()).isEqualTo(parameters[i]);
            assertThat(unet.get("steps_per_s").asDouble()).isPositive();
        }

        Cli bad = Cli.run("bench", "--workload", "train_gan");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--workload").contains("train_dsm").contains("likelihood_scale");
    }

    @Test
    void withoutJsonEachWorkloadIsALineOfKeyValueText() {
        Cli r = Cli.run("bench", "--workload", "likelihood_oracle", "--quick");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).startsWith("likelihood_oracle  impl=langevin").containsPattern("seconds=\\d").doesNotContain("{", "}", ", ");
    }

    @Test
    void mlflowStatusWithJsonIsOneJsonLine() throws Exception {
        TestServer.uri(); // the server is up
        Cli r = Cli.run("mlflow", "status", "--json");
        JsonNode status = new ObjectMapper().readTree(r.lastLine());
        assertThat(status.has("running")).as(r.out()).isTrue();
        assertThat(r.exitCode()).isEqualTo(status.get("running").asBoolean() ? 0 : 1);
        assertThat(r.out().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void scaleWorkloadsReportPointsTimeAndPeakMemory() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Cli sample = Cli.run("bench", "--workload", "sample_scale", "--points", "300", "--json");
        assertThat(sample.exitCode()).as(sample.err()).isZero();
        JsonNode s = json.readTree(sample.out().strip());
        assertThat(s.get("samples").asInt()).isEqualTo(300); // every requested sample drawn, all finite
        assertThat(s.get("nfe").asInt()).isEqualTo(500); // Euler–Maruyama, sampler.steps
        assertThat(s.get("seconds").asDouble()).isPositive();
        assertThat(s.get("peak_rss_mb").asDouble()).isGreaterThan(10);

        Cli likelihood = Cli.run("bench", "--workload", "likelihood_scale", "--points", "300", "--json");
        assertThat(likelihood.exitCode()).as(likelihood.err()).isZero();
        // the ring's differential entropy is about 3.52 nats: 300 draws give a mean NLL within a few tenths of it
        assertThat(json.readTree(likelihood.out().strip()).get("mean_nll_nats").asDouble()).isBetween(3.2, 3.85);

        Cli none = Cli.run("bench", "--workload", "sample_scale", "--points", "0");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--points");
    }
}
