package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.DatasetInputs;
import org.langevin.experiment.run.RunDescription;
import org.langevin.tracking.SystemMetrics;

/** What a run shows on MLflow's pages: its dataset inputs, its description, its system metrics. */
class DashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void datasetInputsNameTheKeySettingsAndDigestTheRowsTheRunReads() throws Exception {
        ExperimentConfig ring = ExperimentConfig.load(null, List.of("data.type=ring", "data.n_train=500", "data.n_test=100", "seed=3"));
        assertThat(DatasetInputs.name(ring)).isEqualTo("ring (n_test=100, n_train=500)");
        var inputs = DatasetInputs.of(ring, ExperimentParts.build(ring).data());
        assertThat(inputs).hasSize(2);
        JsonNode train = inputs.get(0);
        assertThat(train.at("/tags/0/value").asText()).isEqualTo("training");
        assertThat(inputs.get(1).at("/tags/0/value").asText()).isEqualTo("evaluation");
        JsonNode dataset = train.get("dataset");
        assertThat(dataset.get("digest").asText()).hasSize(16);
        assertThat(dataset.get("source_type").asText()).isEqualTo("code");
        assertThat(JSON.readTree(dataset.get("schema").asText()).at("/mlflow_colspec/1/name").asText()).isEqualTo("x1");
        assertThat(JSON.readTree(dataset.get("profile").asText()).get("num_rows").asLong()).isEqualTo(500);
        // other rows, another digest; the same rows, the same digest
        ExperimentConfig other = ExperimentConfig.load(null, List.of("data.type=ring", "data.n_train=500", "data.n_test=100", "seed=4"));
        assertThat(DatasetInputs.of(other, ExperimentParts.build(other).data()).get(0).at("/dataset/digest").asText())
                .isNotEqualTo(dataset.get("digest").asText());
        assertThat(DatasetInputs.of(ring, ExperimentParts.build(ring).data()).get(0).at("/dataset/digest").asText())
                .isEqualTo(dataset.get("digest").asText());
    }

    @Test
    void aDataSetReadFromAFileHasThatFileAsItsSource(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("points.csv"), "x0,x1\n" + "0.5,1.5\n".repeat(40));
        ExperimentConfig config = ExperimentConfig.load(null, List.of("data.type=csv", "data.path=" + csv, "likelihood.prior=sde"));
        JsonNode dataset = DatasetInputs.of(config, ExperimentParts.build(config).data()).get(0).get("dataset");
        assertThat(dataset.get("source_type").asText()).isEqualTo("local");
        assertThat(JSON.readTree(dataset.get("source").asText()).get("uri").asText()).isEqualTo(csv.toAbsolutePath().toString());
    }

    @Test
    void theDescriptionSaysWhatTheExperimentIsWhichFamiliesItUsesAndItsHeadlineFigures() {
        ExperimentConfig quickstart = ExperimentConfig.load(TestHome.path().resolve(Path.of("experiments", "quickstart.yaml")), List.of());
        String md = RunDescription.of(quickstart, Map.of(MetricNames.FID, 12.5, MetricNames.FID_FLOOR, 2.25, MetricNames.NLL, 3.5,
                MetricNames.NLL_STDERR, 0.01));
        assertThat(md).startsWith("Quickstart: learn the score of eight Gaussians on a ring").contains("| ring | vp | mlp (noise) | dsm |")
                .contains("test_nll_nats **3.500** ± 0.01000").contains("fid **12.50** (floor 2.250)");
        assertThat(RunDescription.headline(Map.of(MetricNames.FID, 12.5, MetricNames.FID_FLOOR, 2.25))).containsOnlyKeys("fid", "fid_floor");
    }

    @Test
    void systemMetricsCarryMlflowsNamesAndPlausibleValues() {
        Map<String, Double> sample = SystemMetrics.sample();
        assertThat(sample).containsKeys("system/cpu_utilization_percentage", "system/system_memory_usage_megabytes",
                "system/system_memory_usage_percentage", "system/jvm_heap_used_megabytes");
        assertThat(sample.get("system/system_memory_usage_percentage")).isBetween(0.0, 100.0);
        assertThat(sample.get("system/jvm_heap_used_megabytes")).isPositive();
        if (sample.containsKey("system/process_resident_memory_megabytes")) {
            assertThat(sample.get("system/process_resident_memory_megabytes")).isGreaterThan(sample.get("system/jvm_heap_used_megabytes") / 10);
        }
    }
}
