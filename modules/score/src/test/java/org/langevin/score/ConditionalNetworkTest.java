package org.langevin.score;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.langevin.nn.Activation;
import org.langevin.nn.FiniteDifferences;
import org.langevin.nn.FourierMlp;
import org.langevin.nn.UNet;
import org.langevin.nn.UNetSpec;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class-conditional networks: the label embedding's gradients against finite differences, and labels that change the output. */
class ConditionalNetworkTest {
    private final RandomStreams streams = new RandomStreams(11);
    /** Times and labels per row: classes 0, 1, 2 and the null label 3. */
    private final INDArray conditioning = Nd4j.hstack(streams.get("t").uniform(DataType.DOUBLE, 0, 1, 4, 1),
            Nd4j.createFromArray(new double[][] {{0}, {1}, {2}, {3}}));

    @Test
    void theMlpLearnsALabelEmbeddingThroughItsFirstLayer() {
        FourierMlp net = new FourierMlp(2, new int[] {16, 16}, 8, 2.0, 3, 2, Activation.SILU, false, DataType.DOUBLE, streams.get("init"));
        INDArray params = net.initialParameters(streams.get("init"));
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 4, 2);
        // the first layer's weights: rows 2 + 8 .. 2 + 8 + 3 (the one-hot of the label) hold the embedding
        FiniteDifferences.assertParameterGradient(net, params, x, conditioning, streams.get("w").normal(DataType.DOUBLE, 4, 2), 0,
                params.length(), 3);
        INDArray zero = Nd4j.hstack(conditioning.getColumn(0).reshape(4, 1), Nd4j.zeros(DataType.DOUBLE, 4, 1));
        INDArray one = Nd4j.hstack(conditioning.getColumn(0).reshape(4, 1), Nd4j.ones(DataType.DOUBLE, 4, 1));
        assertThat(net.forward(params, x, zero).output().sub(net.forward(params, x, one).output()).amaxNumber().doubleValue()).isGreaterThan(1e-3);
    }

    @Test
    void theUNetAddsTheLabelEmbeddingToItsTimeEmbedding() {
        PixelGrid grid = new PixelGrid(1, 1, 8, 8, 17, -1, 1);
        UNet net = new UNet(grid, UNetSpec.of(new int[] {4, 8}, 2, 8, 2.0, false).withClasses(3), DataType.DOUBLE, streams.get("init"));
        INDArray params = streams.get("params").normal(DataType.DOUBLE, net.parameterCount()).muli(0.3);
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 4, grid.size());
        INDArray w = streams.get("w").normal(DataType.DOUBLE, 4, grid.size());
        int timeWidth = 8; // 2 × the first level's channels; the time dense layer's inputs are 8 Fourier features and 4 one-hot entries
        FiniteDifferences.assertParameterGradient(net, params, x, conditioning, w, 8L * timeWidth, 12L * timeWidth, 1);
        FiniteDifferences.assertParameterGradient(net, params, x, conditioning, w, 0, net.parameterCount(), 97);
    }

    @Test
    void aNetworkScoreGivenAClassEqualsTheSameLabelOnEveryRow() {
        FourierMlp net = new FourierMlp(2, new int[] {16}, 8, 2.0, 3, 2, Activation.SILU, false, DataType.DOUBLE, streams.get("init"));
        NetworkScore score = new NetworkScore(net, Parameterization.NOISE, new VpSde(0.1, 20), net.initialParameters(streams.get("init")), 3, null);
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 5, 2);
        INDArray twos = Nd4j.valueArrayOf(new long[] {5, 1}, 2.0, DataType.DOUBLE);
        assertThat(score.given(2).score(x, 0.4)).isEqualTo(score.withLabels(twos).score(x, 0.4));
        INDArray none = Nd4j.valueArrayOf(new long[] {5, 1}, 3.0, DataType.DOUBLE);
        assertThat(score.unconditional().score(x, 0.4)).isEqualTo(score.withLabels(none).score(x, 0.4));
        assertThat(score.given(0).score(x, 0.4)).isNotEqualTo(score.given(1).score(x, 0.4));
    }
}
