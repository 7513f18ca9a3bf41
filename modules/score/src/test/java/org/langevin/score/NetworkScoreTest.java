package org.langevin.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.TrainableScore;
import org.langevin.nn.Activation;
import org.langevin.nn.FourierMlp;
import org.langevin.nn.UNet;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The differentiable divergence pass of a network score against vector–Jacobian products and finite differences, for the
 * MLP and the U-Net (forward mode on its tape).
 */
class NetworkScoreTest {
    private static final VpSde SDE = new VpSde(0.1, 20);
    private static final PixelGrid IMAGE = new PixelGrid(1, 1, 4, 4, 17, -1, 1);

    private static NetworkScore mlp(Parameterization p) {
        RandomStreams streams = new RandomStreams(11);
        FourierMlp net = new FourierMlp(3, new int[] {16, 16}, 8, 2.0, Activation.GELU, true, DataType.DOUBLE, streams.get("init"));
        return new NetworkScore(net, p, SDE, net.initialParameters(streams.get("init")));
    }

    /** A small U-Net with random weights (its zero output layer would hide the rest). */
    private static NetworkScore unet(Parameterization p) {
        RandomStreams streams = new RandomStreams(14);
        UNet net = new UNet(IMAGE, new int[] {4, 8}, 2, 8, 2.0, false, DataType.DOUBLE, streams.get("init"));
        return new NetworkScore(net, p, SDE, streams.get("params").normal(DataType.DOUBLE, net.parameterCount()).muli(0.3));
    }

    /** Each network by name, as a function of the parameterization, with its data dimension. */
    static Stream<Arguments> networks() {
        Function<Parameterization, NetworkScore> mlp = NetworkScoreTest::mlp;
        Function<Parameterization, NetworkScore> unet = NetworkScoreTest::unet;
        return Stream.of(Arguments.of("mlp", mlp, 3), Arguments.of("unet", unet, IMAGE.size()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void divergencePassMatchesTheTraceFromVectorJacobianProducts(String name, Function<Parameterization, NetworkScore> network, int dim) {
        for (Parameterization p : new Parameterization[] {Parameterization.NOISE, Parameterization.DATA, Parameterization.edm(0.7)}) {
            NetworkScore model = network.apply(p);
            INDArray x = new RandomStreams(12).get("x").normal(DataType.DOUBLE, 4, dim);
            double t = 0.4;
            TrainableScore.DivergencePass pass = model.forwardWithDivergence(x, Nd4j.valueArrayOf(new long[] {4, 1}, t, DataType.DOUBLE));
            ScoreModel.ScoreAndDivergence viaVjp = model.exactDivergence(x, t);
            assertThat(pass.divergence().reshape(4).sub(viaVjp.divergence()).amaxNumber().doubleValue()).isLessThan(1e-9);
            assertThat(pass.score().sub(viaVjp.score()).amaxNumber().doubleValue()).isLessThan(1e-12);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void divergenceGradientMatchesFiniteDifferences(String name, Function<Parameterization, NetworkScore> network, int dim) {
        NetworkScore model = network.apply(Parameterization.NOISE);
        RandomStreams streams = new RandomStreams(13);
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 6, dim);
        INDArray t = streams.get("t").uniform(DataType.DOUBLE, 0.05, 1, 6, 1);
        INDArray a = streams.get("a").normal(DataType.DOUBLE, 6, dim);
        INDArray b = streams.get("b").normal(DataType.DOUBLE, 6, 1);
        INDArray grad = model.forwardWithDivergence(x, t).backward(a, b);
        INDArray params = model.parameters();
        double h = 1e-6;
        for (long i = 0; i < params.length(); i += Math.max(13, params.length() / 120)) {
            double p = params.getDouble(i);
            params.putScalar(i, p + h);
            double plus = objective(model, x, t, a, b);
            params.putScalar(i, p - h);
            double minus = objective(model, x, t, a, b);
            params.putScalar(i, p);
            assertThat(grad.getDouble(i)).as("parameter %d", i).isCloseTo((plus - minus) / (2 * h), within(1e-5 * Math.max(1,
                    Math.abs(grad.getDouble(i)))));
        }
    }

    /** Σ a ⊙ s + Σ b ⊙ ∇·s. */
    private static double objective(NetworkScore model, INDArray x, INDArray t, INDArray a, INDArray b) {
        TrainableScore.DivergencePass pass = model.forwardWithDivergence(x, t);
        return pass.score().mul(a).sumNumber().doubleValue() + pass.divergence().mul(b).sumNumber().doubleValue();
    }
}
