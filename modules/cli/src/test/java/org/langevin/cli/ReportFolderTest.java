package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.core.ConfigException;

/** A report goes to a new folder by default and never replaces one that holds a report unless told to. */
class ReportFolderTest {
    @Test
    void theDefaultIsANewFolderUnderReports(@TempDir Path home) throws Exception {
        assertThat(ReportFolder.choose(home, "tour", null, false)).isEqualTo(home.resolve("reports/tour"));
        Files.createDirectories(home.resolve("reports/tour"));
        assertThat(ReportFolder.choose(home, "tour", null, false)).isEqualTo(home.resolve("reports/tour-2"));
        Files.createDirectories(home.resolve("reports/tour-2"));
        assertThat(ReportFolder.choose(home, "tour", null, true)).as("--overwrite does not pick an existing default")
                .isEqualTo(home.resolve("reports/tour-3"));
        assertThat(ReportFolder.choose(home, "a/b c", null, false)).isEqualTo(home.resolve("reports/a_b_c"));
    }

    @Test
    void aFolderHoldingAReportIsRefusedWithoutOverwrite(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(ReportFolder.choose(dir, "x", empty, false)).isEqualTo(empty);
        for (String name : new String[] {"README.md", "report.md"}) {
            Path held = Files.createDirectories(dir.resolve("held-" + name));
            Files.writeString(held.resolve(name), "# a report\n## What the study shows\nprose\n");
            assertThatThrownBy(() -> ReportFolder.choose(dir, "x", held, false)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("--out").hasMessageContaining("--overwrite");
            assertThat(ReportFolder.choose(dir, "x", held, true)).isEqualTo(held);
        }
    }

    @Test
    void theCommandRefusesBeforeReadingAnything(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("README.md"), "kept\n");
        Cli r = Cli.run("report", "--experiment", "no-such-experiment", "--out", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: --out").doesNotContain("\n");
        assertThat(Files.readString(dir.resolve("README.md"))).isEqualTo("kept\n");
    }

    /** PyPI's torch is never installed into the project: a --torch-venv inside it is refused in one line, before any folder is made. */
    @Test
    void aTorchVenvInsideTheProjectIsRefusedBeforeAnyFolder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench-report");
        Cli r = Cli.run("report", "bench", "--torch-venv", Cli.home().resolve("venv-here").toString(), "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: --torch-venv").contains("outside the project").doesNotContain("\n");
        assertThat(out).doesNotExist();
        assertThat(Cli.home().resolve("venv-here")).doesNotExist();
    }
}
