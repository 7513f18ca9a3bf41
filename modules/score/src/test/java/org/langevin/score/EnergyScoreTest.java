package org.langevin.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.api.Assertions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainableScore;
import org.langevin.nn.Activation;
import org.langevin.nn.FourierMlp;
import org.langevin.nn.UNet;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The energy model's score, Hessian–vector products and second-order parameter gradient against finite differences:
 * the MLP's scalar output, and the U-Net read out as ½ ⟨u, F⟩ (with attention, its forward mode on the tape).
 */
class EnergyScoreTest {
    private static final double H = 1e-5;
    private static final VpSde SDE = new VpSde(0.1, 20);
    private static final PixelGrid IMAGE = new PixelGrid(1, 1, 4, 4, 17, -1, 1);

    private static EnergyScore model(Activation activation, boolean residual) {
        RandomStreams streams = new RandomStreams(31);
        FourierMlp net = new FourierMlp(3, new int[] {16, 16, 16}, 8, 2.0, 0, 1, activation, residual, DataType.DOUBLE, streams.get("init"));
        return new EnergyScore(net, EnergyReadout.SCALAR, Parameterization.NOISE, SDE, net.initialParameters(streams.get("init")));
    }

    /** A small energy U-Net with random weights (its output layer starts at zero, which would hide the rest). */
    private static EnergyScore unet() {
        RandomStreams streams = new RandomStreams(35);
        UNet net = new UNet(IMAGE, new int[] {4, 8}, 2, 8, 2.0, true, DataType.DOUBLE, streams.get("init"));
        INDArray params = streams.get("params").normal(DataType.DOUBLE, net.parameterCount()).muli(0.3);
        return new EnergyScore(net, EnergyReadout.HALF_INNER_PRODUCT, Parameterization.NOISE, SDE, params);
    }

    /** Each model with its data dimension. */
    static Stream<Arguments> models() {
        return Stream.of(Arguments.of("mlp", model(Activation.SILU, true), 3), Arguments.of("unet", unet(), IMAGE.size()));
    }

    private static INDArray points(int dim) {
        return new RandomStreams(32).get("x").normal(DataType.DOUBLE, 5, dim);
    }

    /** The models, and the MLP with its other activations. */
    static Stream<Arguments> modelsAndActivations() {
        return Stream.concat(models(), Stream.of(Activation.GELU, Activation.TANH).map(a -> Arguments.of("mlp " + a.key(), model(a, true), 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelsAndActivations")
    void scoreIsMinusTheEnergyGradient(String name, EnergyScore model, int dim) {
        INDArray x = points(dim);
        double t = 0.3;
        INDArray score = model.score(x, t);
        for (int j = 0; j < x.columns(); j++) {
            INDArray plus = x.dup();
            plus.getColumn(j).addi(H);
            INDArray minus = x.dup();
            minus.getColumn(j).subi(H);
            double[] ep = model.energy(plus, t);
            double[] em = model.energy(minus, t);
            for (int i = 0; i < 5; i++) {
                assertThat(score.getDouble(i, j)).as("row %d coordinate %d", i, j).isCloseTo(-(ep[i] - em[i]) / (2 * H), within(1e-6));
            }
        }
        double[] logp = model.logDensity(x, t);
        double[] e = model.energy(x, t);
        for (int i = 0; i < 5; i++) assertThat(logp[i]).isEqualTo(-e[i]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void vectorJacobianProductIsTheSymmetricHessianProduct(String name, EnergyScore model, int dim) {
        INDArray x = points(dim);
        double t = 0.6;
        INDArray v = new RandomStreams(33).get("v").normal(DataType.DOUBLE, 5, dim);
        INDArray vjp = model.vjp(x, t, v).vjp();
        // (∂s/∂x) v by finite differences of the score along v; symmetric Jacobian ⇒ equals vᵀ ∂s/∂x
        INDArray jv = model.score(x.add(v.mul(H)), t).sub(model.score(x.sub(v.mul(H)), t)).divi(2 * H);
        assertThat(vjp.sub(jv).amaxNumber().doubleValue()).isLessThan(1e-6 * Math.max(1, jv.amaxNumber().doubleValue()));
        assertThat(model.exactDivergence(x, t).score().sub(model.score(x, t)).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void secondOrderParameterGradientMatchesFiniteDifferences(String name, EnergyScore model, int dim) {
        RandomStreams streams = new RandomStreams(34);
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 6, dim);
        INDArray t = streams.get("t").uniform(DataType.DOUBLE, 0.05, 1, 6, 1);
        INDArray a = streams.get("a").normal(DataType.DOUBLE, 6, dim);
        INDArray grad = model.forward(x, t).backward(a);
        INDArray params = model.parameters();
        double h = 1e-6;
        int checked = 0;
        for (long i = 0; i < params.length(); i += params.length() / 150) {
            double p = params.getDouble(i);
            params.putScalar(i, p + h);
            double plus = model.forward(x, t).score().mul(a).sumNumber().doubleValue();
            params.putScalar(i, p - h);
            double minus = model.forward(x, t).score().mul(a).sumNumber().doubleValue();
            params.putScalar(i, p);
            double fd = (plus - minus) / (2 * h);
            assertThat(grad.getDouble(i)).as("parameter %d", i).isCloseTo(fd, within(1e-6 * Math.max(1, Math.abs(fd))));
            checked++;
        }
        assertThat(checked).isGreaterThan(100);
        TrainableScore.TrainingPass pass = model.forward(x, t);
        assertThat(pass.score().sub(model.score(x.getRow(0, true), t.getDouble(0)).broadcast(6, dim)).getRow(0).amaxNumber().doubleValue())
                .isLessThan(1e-12);
    }

    @Test
    void aScalarEnergyNetworkHasOneOutput() {
        FourierMlp vector = new FourierMlp(3, new int[] {8}, 4, 1.0, Activation.SILU, false, DataType.DOUBLE, new RandomStreams(1).get("init"));
        INDArray params = Nd4j.zeros(DataType.DOUBLE, vector.parameterCount());
        Assertions.assertThatThrownBy(() -> new EnergyScore(vector, EnergyReadout.SCALAR, Parameterization.NOISE, SDE, params))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one output");
    }
}
