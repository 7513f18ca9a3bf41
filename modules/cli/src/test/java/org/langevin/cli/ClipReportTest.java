package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `report clips`: every clip file run with the given keys, its table and plots. */
class ClipReportTest {
    @Test
    void clipReportRunsEveryClipFileWithTheGivenKeysAndWritesItsTableAndPlots(@TempDir Path dir) throws Exception {
        Cli r = Cli.run(ImageEndToEndTest.withClipSets("report", "clips", "--output", dir.toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        String readme = Files.readString(dir.resolve("README.md"));
        assertThat(readme).contains("./langevin report clips --set experiment=langevin-tests").contains("--set train.steps=10")
                .containsPattern("\\| `clips-vp\\.yaml` \\| `[0-9a-f]{8}` \\| \\d+\\.\\d{3} ± \\d+\\.\\d{3} \\|")
                        .contains("displacement change, data").contains("![clips-vp-samples.gif](plots/clips-vp-samples.gif)");
        assertThat(dir.resolve("plots/clips-vp-samples.gif")).exists();
        assertThat(dir.resolve("plots/clips-vp-data.png")).exists();
    }
}
