package org.langevin.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.langevin.core.ConfigException;

/**
 * The contract of bench/WORKLOADS.md that makes a ratio with PyTorch mean something: the likelihood is as accurate as
 * the reference's (mean absolute error ≤ 1e-3 nats against the exact density, NFE within 20 % of SciPy RK45's), and each
 * U-Net has the parameter count the reference network must match.
 */
class WorkloadContractTest {
    private static final Path WORKLOADS = Path.of("../../bench/WORKLOADS.md");

    @Test
    void theOracleLikelihoodIsAsAccurateAsTheContractAsks() {
        Map<String, Object> r = new Bench(true, 0, 0).run("likelihood_oracle");
        assertThat(((Number) r.get("mean_abs_err_nats")).doubleValue()).isLessThanOrEqualTo(1e-3);
        assertThat(((Number) r.get("nfe")).doubleValue()).isBetween(0.8 * 86, 1.2 * 86); // SciPy RK45 on the same points
    }

    @Test
    void eachUNetHasTheParameterCountTheReferenceMustMatch() throws IOException {
        String table = Files.readString(WORKLOADS);
        for (String workload : new String[] {"train_unet_digits", "train_unet_28", "train_unet_clips"}) {
            Matcher row = Pattern.compile("\\| `" + workload + "` \\|[^\\n]*\\| ([0-9,]+) \\| steps/s \\|").matcher(table);
            assertThat(row.find()).as(workload).isTrue();
            long documented = Long.parseLong(row.group(1).replace(",", ""));
            Map<String, Object> r = new Bench(true, 0, 1).run(workload);
            assertThat(((Number) r.get("params")).longValue()).as(workload).isEqualTo(documented);
            assertThat(((Number) r.get("steps_per_s")).doubleValue()).as(workload).isPositive();
        }
    }

    @Test
    void anUnknownWorkloadIsRefusedWithTheValidOnes() {
        assertThatThrownBy(() -> new Bench(true, 0, 0).run("train_gan")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("train_dsm").hasMessageContaining("likelihood_oracle");
    }
}
