package org.langevin.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.core.Marginal;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainableScore;
import org.langevin.nn.UNet;
import org.langevin.nn.UNetSpec;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network trained with given frames, on both video networks: the given frames' score is the exact one of
 * N(m_t y, σ_t²), so denoising score matching's residual vanishes there; the other frames see the given ones only as
 * m_t y; and the parameter gradient and the vector–Jacobian product agree with finite differences.
 */
class GivenFramesTest {
    private static final VpSde SDE = new VpSde(0.1, 20);
    private static final PixelGrid CLIP = new PixelGrid(3, 1, 4, 4, 17, -1, 1);
    private static final INDArray FLAGS = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 1}, {0, 0, 0}});

    static Stream<Arguments> videoNetworks() {
        return Stream.of(Arguments.of(VideoNetwork.FACTORIZED), Arguments.of(VideoNetwork.STACKED));
    }

    /** A small U-Net with random weights (its zero output layer would hide the rest), given frames of {@code y}. */
    private static NetworkScore model(VideoNetwork video, INDArray y) {
        RandomStreams streams = new RandomStreams(21);
        UNet net = new UNet(video.networkGrid(CLIP), UNetSpec.of(new int[] {4, 8}, 2, 8, 2.0, false).withGivenFrames(CLIP.frames()),
                DataType.DOUBLE, streams.get("init"));
        NetworkScore plain = new NetworkScore(net, Parameterization.edm(0.5), SDE, streams.get("params").normal(DataType.DOUBLE,
                net.parameterCount()).muli(0.3), NetworkConditions.of(0, false, CLIP.frames()));
        return plain.givenFrames(FLAGS, y);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("videoNetworks")
    void givenFramesHaveTheExactScoreAndZeroDenoisingResidual(VideoNetwork video) {
        RandomStreams streams = new RandomStreams(22);
        INDArray x0 = streams.get("x0").normal(DataType.DOUBLE, 3, CLIP.size());
        INDArray z = streams.get("z").normal(DataType.DOUBLE, 3, CLIP.size());
        double[] times = {0.2, 0.5, 0.9};
        INDArray xt = x0.dup();
        for (int i = 0; i < 3; i++) {
            Marginal m = SDE.marginal(times[i]);
            xt.getRow(i).muli(m.meanCoef()).addi(z.getRow(i).mul(m.std()));
        }
        INDArray score = model(video, x0).forward(xt, Nd4j.createFromArray(times).reshape(3, 1)).score();
        int size = CLIP.size() / CLIP.frames();
        for (int i = 0; i < 3; i++) {
            double std = SDE.marginal(times[i]).std();
            for (int f = 0; f < CLIP.frames(); f++) {
                for (int j = f * size; j < (f + 1) * size; j++) {
                    double residual = std * score.getDouble(i, j) + z.getDouble(i, j);
                    if (FLAGS.getDouble(i, f) == 1) assertThat(residual).as("clip %d frame %d", i, f).isCloseTo(0, within(1e-9));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("videoNetworks")
    void generatedFramesSeeTheGivenOnesOnlyThroughTheirCleanValues(VideoNetwork video) {
        RandomStreams streams = new RandomStreams(23);
        INDArray y = streams.get("y").normal(DataType.DOUBLE, 3, CLIP.size());
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 3, CLIP.size());
        INDArray moved = x.add(streams.get("dx").normal(DataType.DOUBLE, 3, CLIP.size()));
        NetworkScore model = model(video, y);
        INDArray mask = FLAGS.repeat(1, CLIP.size() / CLIP.frames());
        INDArray a = model.score(x, 0.4).mul(mask.rsub(1));
        INDArray b = model.score(x.mul(mask.rsub(1)).addi(moved.mul(mask)), 0.4).mul(mask.rsub(1));
        assertThat(a.sub(b).amaxNumber().doubleValue()).as("noisy values of given frames do not reach the network").isLessThan(1e-12);
        INDArray other = model(video, y.add(1.0)).score(x, 0.4).mul(mask.rsub(1));
        assertThat(a.sub(other).amaxNumber().doubleValue()).as("their clean values do").isGreaterThan(1e-6);
        INDArray none = model.givenFrames(Nd4j.zeros(DataType.DOUBLE, 1, 3), y).score(x, 0.4);
        assertThat(none.sub(model.givenFrames(Nd4j.zeros(DataType.DOUBLE, 1, 3), y.add(5)).score(x, 0.4)).amaxNumber().doubleValue())
                .as("with no frame given y is ignored").isLessThan(1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("videoNetworks")
    void parameterGradientAndVjpMatchFiniteDifferences(VideoNetwork video) {
        RandomStreams streams = new RandomStreams(24);
        INDArray y = streams.get("y").normal(DataType.DOUBLE, 3, CLIP.size());
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 3, CLIP.size());
        INDArray t = Nd4j.createFromArray(new double[] {0.3, 0.6, 0.8}).reshape(3, 1);
        INDArray w = streams.get("w").normal(DataType.DOUBLE, 3, CLIP.size());
        NetworkScore model = model(video, y);
        INDArray grad = model.forward(x, t).backward(w);
        INDArray params = model.parameters();
        double h = 1e-6;
        for (long i = 0; i < params.length(); i += Math.max(7, params.length() / 60)) {
            double p = params.getDouble(i);
            params.putScalar(i, p + h);
            double plus = model.forward(x, t).score().mul(w).sumNumber().doubleValue();
            params.putScalar(i, p - h);
            double minus = model.forward(x, t).score().mul(w).sumNumber().doubleValue();
            params.putScalar(i, p);
            assertThat(grad.getDouble(i)).as("parameter %d", i).isCloseTo((plus - minus) / (2 * h), within(1e-5 * Math.max(1,
                    Math.abs(grad.getDouble(i)))));
        }
        INDArray u = streams.get("u").normal(DataType.DOUBLE, 3, CLIP.size());
        double tau = 0.5;
        INDArray vjp = model.vjp(x, tau, w).vjp();
        double numeric = model.score(x.add(u.mul(h)), tau).sub(model.score(x.sub(u.mul(h)), tau)).mul(w).sumNumber().doubleValue() / (2 * h);
        assertThat(vjp.mul(u).sumNumber().doubleValue()).isCloseTo(numeric, within(1e-5 * Math.max(1, Math.abs(numeric))));
        TrainableScore plain = model.givenFrames(Nd4j.zeros(DataType.DOUBLE, 1, 3), y);
        assertThat(plain.parameters()).isSameAs(params);
    }
}
