package org.langevin.experiment.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.core.ConfigException;
import org.langevin.experiment.TestHome;

class ExperimentConfigTest {
    @Test
    void setOverridesTheFileWhichOverridesTheDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("e.yaml"), "train:\n  steps: 77\n  batch_size: 64\n");
        ExperimentConfig c = ExperimentConfig.load(file, List.of("train.batch_size=32", "data.means=[[0, 1], [2, 3]]"));
        assertThat(c.resolved().get("train.steps")).isEqualTo(77);
        assertThat(c.resolved().get("train.batch_size")).isEqualTo(32);
        assertThat(c.resolved().get("train.learning_rate")).isEqualTo(2.0e-3);
        assertThat(c.settings().matrix("data.means")).isDeepEqualTo(new double[][] {{0, 1}, {2, 3}});
    }

    @Test
    void theResolvedYamlReproducesTheSameConfigAndHash(@TempDir Path dir) throws Exception {
        ExperimentConfig c = ExperimentConfig.load(Path.of(TestHome.experiment("quickstart.yaml")), List.of("seed=5"));
        ExperimentConfig again = ExperimentConfig.fromYaml(c.toYaml(), "resolved", List.of());
        assertThat(again.resolved()).isEqualTo(c.resolved());
        assertThat(again.hash()).isEqualTo(c.hash());
        assertThat(ExperimentConfig.load(Path.of(TestHome.experiment("quickstart.yaml")), List.of("seed=6")).hash()).isNotEqualTo(c.hash());
    }

    /**
     * A run of an earlier version logged a resolved YAML without the keys added since (here train.workers and
     * train.sync_every): its config_hash was the hash of its own keys, and it matches while the added keys are at their
     * defaults, not once one of them is set.
     */
    @Test
    void aRunOfAnEarlierVersionKeepsItsHashWhileTheKeysAddedSinceAreAtTheirDefaults() {
        ExperimentConfig c = ExperimentConfig.load(Path.of(TestHome.experiment("quickstart.yaml")), List.of("seed=5"));
        assertThat(c.hashAsOf(c.toYaml())).contains(c.hash());
        String earlier = c.toYaml().lines().filter(l -> !l.matches("\\s+(workers|sync_every):.*")).collect(Collectors.joining("\n"));
        Map<String, Object> earlierKeys = new TreeMap<>(c.resolved());
        earlierKeys.keySet().removeAll(List.of("train.workers", "train.sync_every"));
        assertThat(earlierKeys).hasSize(c.resolved().size() - 2);
        String earlierHash = ConfigHash.of(earlierKeys); // what that version computed: the hash of the keys it had
        assertThat(earlierHash).isNotEqualTo(c.hash());
        assertThat(c.hashAsOf(earlier)).contains(earlierHash);
        ExperimentConfig changed = ExperimentConfig.load(Path.of(TestHome.experiment("quickstart.yaml")), List.of("seed=5", "train.sync_every=5"));
        assertThat(changed.hashAsOf(earlier)).as("a key added since, set").isEmpty();
    }

    /**
     * The truth from an earlier version: the resolved YAML and config_hash (cd023dda3d7b5193) that a run of
     * experiments/ablations/fashion-recipe/2-power-ema.yaml logged at commit c3c19c9, before the worker keys existed.
     * The same file today has another hash, and the earlier run's hash from its own YAML.
     */
    @Test
    void theHashAsOfAnEarlierVersionIsTheOneThatVersionLogged() throws Exception {
        String logged;
        try (var in = getClass().getResourceAsStream("resolved-before-workers.yaml")) {
            logged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ExperimentConfig today = ExperimentConfig.load(Path.of(TestHome.experiment("ablations/fashion-recipe/2-power-ema.yaml")), List.of());
        assertThat(today.hash()).isNotEqualTo("cd023dda3d7b5193");
        assertThat(today.hashAsOf(logged)).contains("cd023dda3d7b5193");
    }

    /** flow_matching implies a velocity network and uniform weighting where nothing says otherwise; auto elsewhere is the default. */
    @Test
    void aLossSetsTheKeysItImpliesUnlessTheyAreGiven(@TempDir Path dir) throws Exception {
        ExperimentConfig flow = ExperimentConfig.load(null, List.of("sde.type=rectified_flow", "loss.type=flow_matching"));
        assertThat(flow.resolved()).containsEntry("score.parameterization", "flow").containsEntry("loss.weighting", "uniform");
        Path auto = Files.writeString(dir.resolve("auto.yaml"), "score:\n  parameterization: auto\nloss:\n  weighting: auto\n");
        assertThat(ExperimentConfig.load(auto, List.of("loss.type=flow_matching")).resolved())
                .containsEntry("score.parameterization", "flow").containsEntry("loss.weighting", "uniform");
        ExperimentConfig chosen = ExperimentConfig.load(null, List.of("loss.type=flow_matching", "score.parameterization=noise",
                "loss.weighting=sigma2"));
        assertThat(chosen.resolved()).containsEntry("score.parameterization", "noise").containsEntry("loss.weighting", "sigma2");
        // with dsm, auto resolves to the defaults: the same resolved config and hash as leaving the keys out
        ExperimentConfig dsm = ExperimentConfig.load(auto, List.of());
        assertThat(dsm.resolved()).containsEntry("score.parameterization", "noise").containsEntry("loss.weighting", "sigma2");
        assertThat(dsm.hash()).isEqualTo(ExperimentConfig.load(null, List.of()).hash());
        assertThat(ExperimentConfig.load(auto, List.of("score.parameterization=data")).resolved()).containsEntry("score.parameterization", "data");
    }

    /** What a run logs along the way (checkpoints, previews, FID passes) leaves the training hash alone; what it trains does not. */
    @Test
    void theTrainingHashIgnoresWhatOnlyWatchesTraining() {
        String base = ExperimentConfig.load(null, List.of()).trainingHash();
        assertThat(ExperimentConfig.load(null, List.of("train.checkpoint_every=7", "train.log_every=3", "train.sample_every=0",
                "train.eval_every=50", "train.eval_samples=100")).trainingHash()).isEqualTo(base);
        assertThat(ExperimentConfig.load(null, List.of("train.learning_rate=1e-4")).trainingHash()).isNotEqualTo(base);
        assertThat(ExperimentConfig.load(null, List.of("seed=9")).trainingHash()).isNotEqualTo(base);
    }

    @Test
    void paramsAreTheFlattenedResolvedConfig() {
        ExperimentConfig c = ExperimentConfig.load(null, List.of());
        assertThat(c.flatStrings()).containsEntry("sde.type", "vp").containsEntry("sde.beta_max", "20.0").doesNotContainKey("data.means");
    }

    /** A run logged before likelihood.solver became likelihood.type still reads back; a file or --set is told the new name. */
    @Test
    void aRenamedKeyReadsBackFromALoggedRunAndIsRefusedWithItsNewNameElsewhere() {
        String logged = ExperimentConfig.load(null, List.of("likelihood.type=heun")).toYaml().replace("  type: heun", "  solver: heun");
        assertThat(logged).contains("solver: heun");
        assertThat(ExperimentConfig.fromYaml(logged, "an old run", List.of()).resolved()).containsEntry("likelihood.type", "heun");
        assertThatThrownBy(() -> ExperimentConfig.load(null, List.of("likelihood.solver=rk4")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("likelihood.solver").hasMessageContaining("likelihood.type");
    }

    /** Rerunning a logged run never replays "***" as a credential: masked secrets stay unset, masked user:password@ is cut. */
    @Test
    void aLoggedConfigGivesNoMaskedCredentialBack() {
        String logged = ExperimentConfig.load(null, List.of("tracking.token=tok-SECRET", "tracking.password=pw-SECRET",
                "tracking.uri=http://alice:uri-SECRET@mlflow.example:5000")).toYaml();
        assertThat(logged).doesNotContain("SECRET").contains("token: '***'").contains("http://***@mlflow.example:5000");
        var again = ExperimentConfig.fromYaml(logged, "a logged run", List.of()).resolved();
        assertThat(again.get("tracking.token")).isEqualTo("");
        assertThat(again.get("tracking.password")).isEqualTo("");
        assertThat(again.get("tracking.uri")).isEqualTo("http://mlflow.example:5000");
    }
}
