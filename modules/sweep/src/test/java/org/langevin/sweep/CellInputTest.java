package org.langevin.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.core.ConfigException;

/** What a sweep hands a cell's child JVM survives the trip as it was, and the executors are chosen by name with clear refusals. */
class CellInputTest {
    @Test
    void overridesAndTagsRoundTripThroughTheChildsStandardInput() {
        List<String> sets = List.of("seed=3", "tracking.token=s3cr\"et", "data.path=/tmp/a b,c.csv");
        Map<String, String> tags = Map.of("sweep", "demo", "cell", "loss.type=dsm, seed=3");
        CellInput back = CellInput.parse(CellInput.json(sets, tags));
        assertThat(back.overrides()).containsExactlyElementsOf(sets);
        assertThat(back.tags()).isEqualTo(tags);
    }

    @Test
    void inputThatIsNotTheSweepsJsonIsRefusedUnderTheOption() {
        assertThatThrownBy(() -> CellInput.parse("seed=3")).isInstanceOf(ConfigException.class).hasMessageContaining(CellInput.OPTION);
    }

    @Test
    void theJobsStringNeverShowsItsInput() {
        CellJob job = new CellJob(4, "cell-4", List.of("run", "base.yaml"), CellInput.json(List.of("tracking.token=abc123"), Map.of()),
                "hash", "parent", "1", "http://127.0.0.1:5000", "/home", "/tmp/log");
        assertThat(job.toString()).contains("cell-4").doesNotContain("abc123");
    }

    @Test
    void executorsAreChosenByNameWithTheValidOnesListed() {
        assertThat(SweepExecutors.named("local", null, Path.of("."))).isInstanceOf(LocalExecutor.class);
        assertThatThrownBy(() -> SweepExecutors.named("local", "spark://x:7077", Path.of("."))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--master");
        assertThatThrownBy(() -> SweepExecutors.named("slurm", null, Path.of("."))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--executor").hasMessageContaining("local");
    }
}
