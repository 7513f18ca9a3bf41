package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.langevin.core.LinearOperator;
import org.langevin.core.Measurement;
import org.langevin.core.PixelGrid;
import org.langevin.core.PosteriorSampler;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainingRows;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.losses.DenoisingScoreMatching;
import org.langevin.losses.NoiseLevels;
import org.langevin.nn.UNet;
import org.langevin.nn.UNetSpec;
import org.langevin.score.NetworkConditions;
import org.langevin.score.NetworkScore;
import org.langevin.score.Parameterization;
import org.langevin.training.BatchCondition;
import org.langevin.training.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Masked-frame training against a known conditional: clips of two 4 × 4 frames whose second frame repeats the first, so
 * p(frame 1 | frame 0 = y) is a point mass at y. Trained with train.frame_mask_p, inverse.method conditional keeps the
 * given frame exactly and puts the other near y (in chunks of 64 rows, each with its own given frames); the same network
 * without a given frame samples frames unrelated to y.
 */
class ConditionalFramesTest {
    private static final PixelGrid CLIP = new PixelGrid(2, 1, 4, 4, 17, -1, 1);
    private static final int FRAME = 16;

    @Test
    void aNetworkTrainedWithGivenFramesPredictsTheRepeatedFrame() {
        ExperimentParts parts = ExperimentParts.build(ExperimentConfig.load(null, List.of("sde.type=vp", "sampler.type=ddim", "sampler.steps=40",
                "sampler.batch_size=64")));
        RandomStreams streams = new RandomStreams(31);
        INDArray first = streams.get("data").normal(DataType.FLOAT, 2048, FRAME).muli(0.5);
        INDArray clips = Nd4j.hstack(first, first);
        UNet net = new UNet(CLIP, UNetSpec.of(new int[] {16, 32}, 4, 16, 16.0, false).withGivenFrames(CLIP.frames()), DataType.FLOAT,
                streams.get("init"));
        NetworkScore model = new NetworkScore(net, Parameterization.edm(0.5), parts.sde(), net.initialParameters(streams.get("init")),
                NetworkConditions.of(0, false, CLIP.frames()));
        DenoisingScoreMatching dsm = new DenoisingScoreMatching(new NoiseLevels(parts.sde(), 1e-3, NoiseLevels.Weighting.SIGMA2, false));
        var done = new Trainer(dsm, new Trainer.Options(600, 64, 3e-3, 50, 1.0, 0.99))
                .train(model, TrainingRows.of(clips, null), new BatchCondition.FrameMask(2, 0.5), streams, null, (step, loss, norm, lr) -> { });
        NetworkScore trained = model.withParameters(done.ema());

        PosteriorSampler conditional = Catalogue.methods().all().get("conditional").factory().create(parts.settings(), parts.sde(),
                parts.sampler(), parts.data());
        INDArray y = new RandomStreams(32).get("y").normal(DataType.DOUBLE, 200, FRAME).muli(0.5);
        INDArray x = conditional.sample(trained, new Measurement(firstFrame(), y, 0), 200, new RandomStreams(33)).samples();
        INDArray given = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, FRAME));
        INDArray predicted = x.get(NDArrayIndex.all(), NDArrayIndex.interval(FRAME, 2 * FRAME));
        assertThat(given.sub(y).amaxNumber().doubleValue()).as("the given frame is kept").isLessThan(1e-6);
        double error = rms(predicted.sub(y));
        INDArray free = parts.sampler().sample(trained, 200, 2 * FRAME, new RandomStreams(34)).samples();
        double unrelated = rms(free.get(NDArrayIndex.all(),
                NDArrayIndex.interval(FRAME, 2 * FRAME)).castTo(DataType.DOUBLE).sub(y));
        // independent frames of std 0.5 differ by 0.5 √2 ≈ 0.71 RMS; the point-mass conditional by 0
        assertThat(unrelated).as("unconditional samples").isGreaterThan(0.55);
        assertThat(error).as("conditional prediction, against %s unconditional", unrelated).isLessThan(0.3); // 0.18 after these 600 steps
    }

    /** Observes frame 0 of a two-frame clip: its 16 coordinates. */
    private static LinearOperator firstFrame() {
        int[] observed = IntStream.range(0, FRAME).toArray();
        return new LinearOperator() {
            public int inputDim() {
                return 2 * FRAME;
            }

            public int outputDim() {
                return FRAME;
            }

            public INDArray apply(INDArray x) {
                return x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, FRAME))
                        .castTo(DataType.DOUBLE);
            }

            public INDArray adjoint(INDArray y) {
                return Nd4j.hstack(y.castTo(DataType.DOUBLE), Nd4j.zeros(DataType.DOUBLE, y.rows(), FRAME));
            }

            public Optional<int[]> observedCoordinates() {
                return Optional.of(observed);
            }
        };
    }

    private static double rms(INDArray a) {
        return Math.sqrt(a.castTo(DataType.DOUBLE).mul(a.castTo(DataType.DOUBLE)).meanNumber().doubleValue());
    }
}
