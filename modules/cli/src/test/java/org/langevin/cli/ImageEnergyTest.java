package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.ExperimentRunner;

/**
 * The U-Net's second-order passes in whole runs: an energy U-Net (experiments/digits-energy.yaml, made small) trains,
 * samples with a Metropolis-adjusted corrector on its −E and logs finite image metrics; a vector U-Net trains with exact
 * score matching, the trace of its Jacobian from one tangent per pixel.
 */
class ImageEnergyTest {
    private static final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    private static final List<String> SMALL = List.of("experiment=langevin-tests", "score.channels=[8, 16]", "score.groups=4",
            "score.embedding_dim=16", "train.steps=20", "train.batch_size=8", "train.warmup_steps=5", "train.log_every=10",
            "train.checkpoint_every=0", "train.sample_every=0", "sampler.n_samples=16", "likelihood.n_points=6",
            "likelihood.rtol=1e-2", "likelihood.atol=1e-2", "features.steps=40");

    private static ExperimentRunner.Result run(String file, String... extra) throws Exception {
        List<String> sets = new ArrayList<>(SMALL);
        sets.addAll(List.of(extra));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOW_TRACKING_URI", TestServer.uri());
        return new ExperimentRunner(Cli.home(), quiet).run(ExperimentConfig.load(Path.of(Cli.experiment(file)), sets), env);
    }

    @Test
    void anEnergyUNetTrainsAndItsLogDensityDrivesAMetropolisCorrector() throws Exception {
        Map<String, Double> m = run("digits-energy.yaml", "sampler.type=pc", "sampler.corrector=mala", "sampler.steps=10").metrics();
        assertThat(m.get("final_train_loss")).isFinite().isPositive();
        for (String metric : List.of("fid", "kid", "test_bits_per_dim", "nn_distance_samples")) assertThat(m.get(metric)).as(metric).isFinite();
    }

    @Test
    void aVectorUNetTrainsWithExactScoreMatching() throws Exception {
        Map<String, Double> m = run("digits-vp.yaml", "loss.type=esm", "train.steps=3", "sampler.steps=5").metrics();
        assertThat(m.get("final_train_loss")).isFinite();
        assertThat(m.get("test_bits_per_dim")).isFinite().isPositive();
    }
}
