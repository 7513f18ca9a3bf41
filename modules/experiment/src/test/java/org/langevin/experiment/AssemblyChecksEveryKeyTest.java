package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.core.ConfigException;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.tracking.Redaction;

/**
 * The assembly reads every key a run will read before the run exists: what it did not read, no later stage may read
 * (the sealed settings fail loudly, so every end-to-end test is a check of it), and the hash of a configuration does
 * not depend on the credentials in it.
 */
class AssemblyChecksEveryKeyTest {
    private static ExperimentConfig ring(String... sets) {
        return ExperimentConfig.load(Path.of(TestHome.experiment("oracle_ring.yaml")), List.of(sets));
    }

    @Test
    void aKeyTheAssemblyDidNotReadCannotBeReadOnceTheRunsPartsAreBuilt() {
        ExperimentConfig config = ring();
        ExperimentParts parts = ExperimentParts.build(config);
        assertThat(parts.settings().integer("train.sample_every", 0)).isNotNegative(); // read by the assembly
        assertThat(config.settings().string("inverse.ddrm_eta")).isEqualTo("0.85"); // a key of the configuration, readable before a seal
        assertThatThrownBy(() -> parts.settings().string("inverse.ddrm_eta")) // not read: the run measures nothing
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inverse.ddrm_eta").hasMessageContaining("ExperimentParts.build");
    }

    @Test
    void keysThatOnlyLaterStagesReadAreCheckedByTheAssembly() {
        for (String bad : List.of("tracking.system_metrics_interval=-1", "train.sample_every=-5", "features.steps=-5",
                "sampler.nfe_budgets=[1000000000]",
                "sampler.steps=1000000", "inverse.operator=matrix")) {
            List<String> sets = new ArrayList<>(List.of(bad));
            if (bad.startsWith("inverse")) sets.add("inverse.matrix=[[.nan, 1]]");
            assertThatThrownBy(() -> ExperimentParts.build(ring(sets.toArray(String[]::new)))).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith(bad.startsWith("inverse") ? "inverse.matrix"
                            : bad.substring(0, bad.indexOf('=')));
        }
    }

    /** The NFE sweep rebuilds each deterministic sampler: one the loss refuses is refused with the run's own sampler. */
    @Test
    void anNfeSweepSamplerThatTheLossRefusesIsRefusedBeforeTheRun() {
        assertThatThrownBy(() -> ExperimentParts.build(ExperimentConfig.load(null, List.of("sde.type=rectified_flow", "loss.type=flow_matching",
                "loss.coupling=ot", "sampler.type=ode_heun", "sampler.eta=0.5", "sampler.nfe_budgets=[10, 20]"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("sampler.type").hasMessageContaining("ddim");
    }

    @Test
    void credentialsDoNotChangeTheConfigHash() {
        String plain = ring("tracking.uri=http://127.0.0.1:5000").hash();
        assertThat(ring("tracking.uri=http://127.0.0.1:5000", "tracking.password=hash-secret-1").hash()).isEqualTo(plain);
        assertThat(ring("tracking.uri=http://u:hash-secret-2@127.0.0.1:5000").hash()).isEqualTo(plain);
        assertThat(ring("tracking.uri=http://127.0.0.1:5001").hash()).isNotEqualTo(plain);
    }

    @Test
    void bareCredentialsAreMaskedAndRememberedLikeThoseOfAUri() {
        Redaction.rememberAll(Map.of("data.path", "/mnt/bob:bare-secret-3@share/x.csv"));
        assertThat(Redaction.text("/mnt/bob:bare-secret-3@share/x.csv")).isEqualTo("/mnt/***@share/x.csv");
        assertThat(Redaction.text("see bare-secret-3")).isEqualTo("see ***");
        assertThat(Redaction.text("http://127.0.0.1:5000/#/experiments/1 and git@host:org/repo")).doesNotContain("***");
    }
}
