package org.langevin.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.core.ConfigException;

class ImageReportTest {
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    /** A file given '-' in --runs is left out: its row says so, and nothing is run or read for it. */
    @Test
    void aFileLeftOutHasARowThatSaysSo(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("experiments"));
        Files.writeString(home.resolve("experiments/toy-a.yaml"), "experiment: toy\n");
        Files.writeString(home.resolve("experiments/toy-b.yaml"), "experiment: toy\nseed: 2\n");
        Path folder = home.resolve("reports/toy");
        new ImageReport(home, quiet, Map.of()).write("toy", folder, "./langevin report toy", List.of(), List.of("-", "-"));
        String readme = Files.readString(folder.resolve("README.md"));
        assertThat(readme).contains("| `toy-a.yaml` | left out of this report |").contains("| `toy-b.yaml` | left out of this report |");
        assertThatThrownBy(() -> new ImageReport(home, quiet, Map.of()).write("toy", folder, "c", List.of(), List.of("-")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("1 runs for 2 files");
    }
}
