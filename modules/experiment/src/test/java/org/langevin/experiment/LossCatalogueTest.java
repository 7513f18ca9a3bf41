package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.TrainableScore;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.losses.DenoisingScoreMatching;
import org.langevin.losses.NoiseLevels;
import org.langevin.metrics.FisherDivergence;
import org.langevin.training.Checkpoint;
import org.langevin.training.Trainer;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every loss and every parameterization trains the MLP of the loss-study experiment files: a short run at least halves
 * the Fisher divergence to the exact score of the ring and, on the checkerboard (no exact score), lowers the held-out
 * denoising objective (a Fisher divergence plus a constant, the same yardstick for every loss).
 */
public class LossCatalogueTest {
    /** Every registered loss on the ring (exact score known) and the checkerboard (no closed form): read from the registry. */
    static Stream<Arguments> losses() {
        return Catalogue.losses().all().keySet().stream().flatMap(loss -> Stream.of(Arguments.of(loss, "ring"), Arguments.of(loss, "checkerboard")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("losses")
    void everyLossLowersTheHeldOutDenoisingObjective(String loss, String data) throws Exception {
        trainAndCheck(data, "loss.type=" + loss);
    }

    @ParameterizedTest(name = "{0} under {1}")
    @CsvSource({"score, vp", "noise, vp", "data, vp", "velocity, vp", "flow, vp", "edm, vp", "noise, ve", "data, ve", "velocity, ve", "edm, ve",
            "noise, rectified_flow", "flow, rectified_flow", "flow, trig"})
    void everyParameterizationTrainsByDenoisingScoreMatching(String parameterization, String sde) throws Exception {
        // EDM preconditioning starts from a plateau (D ≈ c_skip x̃ is already the best Gaussian denoiser): 2000 steps of 512
        trainAndCheck("ring", "score.parameterization=" + parameterization, "sde.type=" + sde, "train.steps=2000", "train.batch_size=512");
    }

    private static void trainAndCheck(String data, String... sets) throws Exception {
        List<String> all = new ArrayList<>(List.of("train.steps=400", "train.warmup_steps=20", "data.n_train=5000", "train.batch_size=256",
                "likelihood.enabled=false"));
        all.addAll(List.of(sets));
        ExperimentConfig config = ExperimentConfig.load(Path.of(TestHome.experiment("losses/" + data + ".yaml")), all);
        ExperimentParts parts = ExperimentParts.build(config);
        TrainableScore net = parts.trainable().orElseThrow();
        // the yardstick: Fisher divergence to the exact score on the ring, held-out DSM on the checkerboard
        ToDoubleFunction<TrainableScore> measure = parts.data().truth().isPresent()
                ? model -> fisher(parts, model) : model -> heldOut(parts, model, 4, 500);
        double before = measure.applyAsDouble(net);
        Checkpoint done = new Trainer(parts.loss().orElseThrow(), parts.training().orElseThrow())
                .train(net, parts.data().train(), parts.streams(), null, (step, value, norm, lr) -> {});
        double after = measure.applyAsDouble((TrainableScore) net.withParameters(done.ema()));
        if (parts.data().truth().isPresent()) {
            assertThat(after).as("Fisher divergence before %s, after %s", before, after).isLessThan(0.5 * before);
        } else {
            assertThat(after).as("held-out DSM before %s, after %s", before, after).isLessThan(before - 0.1);
        }
    }

    /**
     * σ²-weighted DSM on the first batches × size test points, with the same draws every time: a Fisher divergence plus
     * a constant, the same yardstick for every loss.
     */
    public static double heldOut(ExperimentParts parts, TrainableScore model, int batches, int size) {
        DenoisingScoreMatching dsm = new DenoisingScoreMatching(new NoiseLevels(parts.sde(), parts.sde().minTime(),
                NoiseLevels.Weighting.SIGMA2, false));
        RandomStreams streams = new RandomStreams(42);
        double sum = 0;
        for (int b = 0; b < batches; b++) {
            sum += dsm.evaluate(model, parts.data().test().get(NDArrayIndex.interval(b * size, (b + 1) * size),
                    NDArrayIndex.all()), streams).loss();
        }
        return sum / batches;
    }

    private static double fisher(ExperimentParts parts, ScoreModel model) {
        return FisherDivergence.sigma2Weighted(model, parts.data().truth().orElseThrow(), parts.sde(), parts.sde().minTime(), 20, 200,
                new RandomStreams(43).get("fisher"));
    }
}
