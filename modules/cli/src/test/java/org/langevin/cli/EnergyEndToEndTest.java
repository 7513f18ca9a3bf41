package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.config.Catalogue;
import org.langevin.tracking.Tracker;

/** The energy view through the real command line and the real MLflow server. */
class EnergyEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An energy model: a conservative field by construction, a log density for Metropolis tests, −E per row from the command line. */
    @Test
    void anEnergyModelTrainsAndGivesMetropolisSamplersItsLogDensity(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("run", Cli.experiment("quickstart.yaml"), "--json", "--set", "experiment=langevin-tests", "--set",
                "score.parameterization=energy",
                "--set", "train.steps=200", "--set", "sampler.steps=100", "--set", "sampler.n_samples=500", "--set", "likelihood.n_points=200",
                "--set", "sampler.nfe_budgets=[4, 20]");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode metrics = JSON.readTree(r.lastLine()).get("metrics");
        String energyRun = JSON.readTree(r.lastLine()).get("run_id").asText();
        try (Tracker tracker = TestServer.connect()) { // the NFE sweep: one curve per deterministic sampler, the budget as the step
            assertThat(Catalogue.deterministicSamplers()).contains("ode_euler", "ode_heun", "ode_rk4", "ddim", "dpmpp_2m", "edm_heun")
                    .doesNotContain("euler_maruyama", "pc", "ode_dopri5", "langevin_mcmc");
            for (String sampler : Catalogue.deterministicSamplers()) {
                assertThat(tracker.metricHistory(energyRun, "nfe_sweep/" + sampler + "/energy_distance")).as(sampler).extracting(p -> p.step())
                        .hasSize(2).allSatisfy(nfe -> assertThat(nfe).isBetween(1L, 20L));
            }
            for (String sampler : List.of("ode_euler", "ddim", "dpmpp_2m")) { // one evaluation per step: each budget spent exactly
                assertThat(tracker.metricHistory(energyRun, "nfe_sweep/" + sampler + "/energy_distance")).extracting(p -> p.step())
                        .containsExactly(4L, 20L);
            }
        }
        assertThat(metrics.get("nonconservative").asDouble()).isLessThan(1e-5);
        for (String metric : List.of("log_density_pearson", "log_density_spearman", "log_density_offset_std_nats",
                "log_density_offset_std_within_nats")) {
            assertThat(metrics.get(metric).asDouble()).as(metric).isFinite();
        }
        String runId = JSON.readTree(r.lastLine()).get("run_id").asText();
        for (String[] sets : List.of(new String[] {"sampler.type=mala", "sampler.steps=50"}, new String[] {"sampler.type=pc",
                "sampler.corrector=mala", "sampler.steps=20"})) {
            Cli sample = Cli.run("sample", "--run", runId, "--n", "16", "--output", dir.resolve("s.csv").toString(), "--json", "--set",
                    sets[0], "--set", sets[1]);
            assertThat(sample.exitCode()).as(sample.err()).isZero();
        }
        Path points = Files.writeString(dir.resolve("x.csv"), "x0,x1\n4.0,0.0\n0.0,0.0\n2.0,2.0\n");
        Path out = dir.resolve("neg_energy.csv");
        Cli energy = Cli.run("energy", "--run", runId, "--input", points.toString(), "--output", out.toString(), "--t", "0.5", "--json");
        assertThat(energy.exitCode()).as(energy.err()).isZero();
        List<String> rows = Files.readAllLines(out);
        assertThat(rows).hasSize(4).first().isEqualTo("neg_energy");
        assertThat(rows.stream().skip(1).mapToDouble(Double::parseDouble)).allMatch(Double::isFinite);
    }
}
