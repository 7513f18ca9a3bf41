package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.core.ConfigException;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.SweepFile;
import org.langevin.experiment.TestServer;

/** Grid expansion, exclusion, overrides and validation of sweep files. */
class SweepFileTest {
    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Files.copy(Path.of(Cli.experiment("quickstart.yaml")), dir.resolve("base.yaml"), StandardCopyOption.REPLACE_EXISTING);
        return Files.writeString(dir.resolve("sweep.yaml"), text);
    }

    @Test
    void commandLineOverridesReplaceTheSweepsSetAndReachEveryCellButNotTheGrid() throws Exception {
        SweepFile sweep = SweepFile.load(write("""
                name: demo
                base: base.yaml
                set: {train.steps: 100}
                grid:
                  sde.type: [vp, ve]
                """)).withOverrides(List.of("train.steps=7", "sampler.steps=20"));
        assertThat(sweep.set()).containsEntry("train.steps", 7).containsEntry("sampler.steps", 20);
        for (SweepFile.Cell cell : sweep.cells()) {
            assertThat(ExperimentConfig.load(sweep.base(), sweep.overrides(cell)).resolved()).containsEntry("train.steps", 7)
                    .containsEntry("sampler.steps", 20);
        }
        assertThatThrownBy(() -> sweep.withOverrides(List.of("sde.type=subvp"))).isInstanceOf(ConfigException.class).hasMessageContaining("grid key");
        assertThatThrownBy(() -> sweep.withOverrides(List.of("seed=3"))).isInstanceOf(ConfigException.class).hasMessageContaining("seeds");
        assertThatThrownBy(() -> sweep.withOverrides(List.of("novalue"))).isInstanceOf(ConfigException.class).hasMessageContaining("key=value");
    }

    @Test
    void theGridIsTheCartesianProductInFileOrderWithExclusionsLeftOutAndSeedsInnermost() throws Exception {
        SweepFile sweep = SweepFile.load(write("""
                name: demo
                base: base.yaml
                set: {train.steps: 100}
                grid:
                  sde.type: [vp, subvp, ve]
                  loss.type: [dsm, ssm_vr, ksd]
                exclude:
                  - {sde.type: ve, loss.type: ksd}
                  - {loss.type: ssm_vr}
                seeds: [1, 2]
                """));
        List<SweepFile.Cell> cells = sweep.cells();
        // 3 × 3 = 9 combinations, minus the 3 with ssm_vr, minus ve × ksd: 5 cells × 2 seeds
        assertThat(cells).hasSize(10);
        assertThat(cells).extracting(SweepFile.Cell::runName).containsExactly(
                "sde.type=vp loss.type=dsm seed=1", "sde.type=vp loss.type=dsm seed=2",
                "sde.type=vp loss.type=ksd seed=1", "sde.type=vp loss.type=ksd seed=2",
                "sde.type=subvp loss.type=dsm seed=1", "sde.type=subvp loss.type=dsm seed=2",
                "sde.type=subvp loss.type=ksd seed=1", "sde.type=subvp loss.type=ksd seed=2",
                "sde.type=ve loss.type=dsm seed=1", "sde.type=ve loss.type=dsm seed=2");
        assertThat(sweep.experiment()).isEqualTo("demo");
        assertThat(sweep.base()).isEqualTo(dir.resolve("base.yaml"));
        assertThat(sweep.overrides(cells.get(3))).containsExactly("train.steps=100", "sde.type=vp", "loss.type=ksd", "seed=2",
                "experiment=demo", "tracking.run_name=sde.type=vp loss.type=ksd seed=2");
        ExperimentConfig config = ExperimentConfig.load(sweep.base(), sweep.overrides(cells.get(3)));
        assertThat(config.resolved()).containsEntry("loss.type", "ksd").containsEntry("seed", 2).containsEntry("train.steps", 100);
    }

    @Test
    void valuesOfAnyYamlKindSurviveTheTripThroughOverrides() throws Exception {
        SweepFile sweep = SweepFile.load(write("""
                name: kinds
                base: base.yaml
                set: {experiment: elsewhere, data.means: [[0, 0], [3, 3]]}
                grid:
                  train.learning_rate: [1.0e-3, 2.0e-3]
                  score.residual: [true]
                  sampler.type: ['ode_rk4']
                """));
        assertThat(sweep.experiment()).isEqualTo("elsewhere");
        assertThat(sweep.seeds()).containsExactly(0L);
        SweepFile.Cell cell = sweep.cells().get(1);
        ExperimentConfig config = ExperimentConfig.load(sweep.base(), sweep.overrides(cell));
        assertThat(config.resolved()).containsEntry("train.learning_rate", 2.0e-3).containsEntry("score.residual", true)
                .containsEntry("sampler.type", "ode_rk4").containsEntry("experiment", "elsewhere")
                .containsEntry("data.means", List.of(List.of(0, 0), List.of(3, 3)));
    }

    @Test
    void badSweepFilesNameTheKeyAndWhatIsAllowed() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("name: a\nbase: base.yaml\ngrids: {sde.type: [vp]}\n", "grids: unknown key");
        cases.put("base: base.yaml\n", "name: the sweep needs a name");
        cases.put("name: a\n", "base: the sweep needs the base experiment");
        cases.put("name: a\nbase: missing.yaml\n", "base: experiment file");
        cases.put("name: a\nbase: base.yaml\ngrid: {sde.type: vp}\n", "grid.sde.type: must be a non-empty list");
        cases.put("name: a\nbase: base.yaml\ngrid: {sde.type: []}\n", "grid.sde.type: must be a non-empty list");
        cases.put("name: a\nbase: base.yaml\ngrid: {sde.type: [vp]}\nexclude: [{loss.type: dsm}]\n", "exclude: key 'loss.type' is not a grid key");
        cases.put("name: a\nbase: base.yaml\nseeds: [1, x]\n", "seeds: must be integers");
        cases.put("name: a\nbase: base.yaml\nseeds: 3\n", "seeds: must be a non-empty list");
        cases.put("name: a\nbase: base.yaml\ngrid: {seed: [1, 2]}\n", "grid.seed: seeds go in the sweep's seeds");
        cases.put("name: a\nbase: base.yaml\nset: {sde.type: vp}\ngrid: {sde.type: [vp, ve]}\n", "grid.sde.type: is also fixed in set");
        cases.put("name: a\nbase: base.yaml\ngrid: [sde.type]\n", "grid: must be a mapping");
        cases.put("name: [a\n", "sweep: malformed YAML");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = write(c.getKey());
            assertThatThrownBy(() -> SweepFile.load(file)).as(c.getKey()).isInstanceOf(ConfigException.class).hasMessageStartingWith(c.getValue());
        }
    }

    @Test
    void aCellWithABadValueStopsTheSweepWithExitCode2BeforeAnyRun() throws Exception {
        Path file = write("name: bad-cell\nbase: base.yaml\ngrid: {sde.type: [vp, vq]}\n");
        Cli r = Cli.run("sweep", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("sde.type").contains("vq").contains("sweep cell sde.type=vq seed=0").doesNotContain("Exception");
        Cli unknown = Cli.run("sweep", write("name: bad-key\nbase: base.yaml\ngrid: {sde.typ: [vp]}\n").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("did you mean 'sde.type'");
        try (var tracker = TestServer.connect()) {
            assertThat(tracker.findExperiment("bad-cell")).isEmpty();
        }
    }

    @Test
    void anUnknownExecutorOrAMasterForTheLocalOneIsExitCode2BeforeAnyRun() throws Exception {
        Path file = write("name: bad-executor\nbase: base.yaml\ngrid: {sde.type: [vp]}\n");
        Cli unknown = Cli.run("sweep", file.toString(), "--executor", "slurm");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--executor").contains("'slurm' is unknown").contains("local").doesNotContain("Exception");
        Cli master = Cli.run("sweep", file.toString(), "--master", "local[2]");
        assertThat(master.exitCode()).isEqualTo(2);
        assertThat(master.err()).contains("--master").contains("--executor spark");
        try (var tracker = TestServer.connect()) {
            assertThat(tracker.findExperiment("bad-executor")).isEmpty();
        }
    }
}
