package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.SweepFile;

/** Every experiment file of the project assembles (every key checked, as before a run), and every sweep file's cells do. */
class ExperimentFilesTest {
    static Stream<Path> files() throws Exception {
        try (Stream<Path> walk = Files.walk(TestHome.path().resolve("experiments"))) {
            List<Path> all = walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(all).hasSizeGreaterThan(20);
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void assembles(Path file) throws Exception {
        String text = Files.readString(file);
        if (text.contains("\ngrid:")) {
            SweepFile sweep = SweepFile.load(file);
            assertThatCode(() -> ExperimentParts.build(ExperimentConfig.load(sweep.base(), sweep.overrides(sweep.cells().get(0)))))
                    .doesNotThrowAnyException();
        } else {
            assertThatCode(() -> ExperimentParts.build(ExperimentConfig.load(file, List.of()))).doesNotThrowAnyException();
        }
    }
}
