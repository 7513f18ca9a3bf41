package org.langevin.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The MLP's passes on the tape, backward and tangent, against central finite differences in double precision; the float kernels against them. */
class FourierMlpTest {
    private static final double H = 1e-6;
    private final RandomStreams streams = new RandomStreams(3);
    private final INDArray x = streams.get("x").normal(DataType.DOUBLE, 5, 2);
    private final INDArray t = streams.get("t").uniform(DataType.DOUBLE, 0, 1, 5, 1);
    private final INDArray w = streams.get("w").normal(DataType.DOUBLE, 5, 2);
    private final INDArray v = streams.get("v").normal(DataType.DOUBLE, 5, 2);
    private final INDArray c = streams.get("c").normal(DataType.DOUBLE, 5, 2);

    static Stream<Arguments> architectures() {
        return Stream.of(Activation.values()).flatMap(a -> Stream.of(Arguments.of(a, false), Arguments.of(a, true)));
    }

    private FourierMlp net(Activation activation, boolean residual) {
        return new FourierMlp(2, new int[] {16, 16, 16}, 8, 2.0, activation, residual, DataType.DOUBLE, new RandomStreams(3).get("init"));
    }

    /**
     * The forward mode's contract, shared with the U-Net's tape ({@link FiniteDifferences#assertTangentPasses}), and the
     * gradient of a loss on output and tangent as the sum of the two parts.
     */
    @ParameterizedTest(name = "{0}, residual {1}")
    @MethodSource("architectures")
    void parameterGradientOfOutputAndTangentMatchesFiniteDifferences(Activation activation, boolean residual) {
        FourierMlp net = net(activation, residual);
        INDArray params = net.initialParameters(new RandomStreams(4).get("init"));
        INDArray plain = net.forward(params, x, t).parameterGradient(w);
        INDArray tangentOnly = net.forward(params, x, t, v).parameterGradient(w.mul(0), c);
        INDArray both = net.forward(params, x, t, v).parameterGradient(w, c);
        assertThat(both.sub(plain).sub(tangentOnly).amaxNumber().doubleValue()).isLessThan(1e-10);
        FiniteDifferences.assertTangentPasses(net, params, x, t, v, w, c, streams.get("u").normal(DataType.DOUBLE, 5, 2), 11);
    }

    @ParameterizedTest(name = "{0}, residual {1}")
    @MethodSource("architectures")
    void tangentAndVectorJacobianProductMatchFiniteDifferencesOfTheInput(Activation activation, boolean residual) {
        FourierMlp net = net(activation, residual);
        INDArray params = net.initialParameters(new RandomStreams(5).get("init"));
        ScoreNetwork.TangentPass pass = net.forward(params, x, t, v);
        // (∂F/∂x) v ≈ (F(x + h v) - F(x - h v)) / 2h
        INDArray fd = net.forward(params, x.add(v.mul(H)), t).output().sub(net.forward(params, x.sub(v.mul(H)), t).output()).divi(2 * H);
        assertThat(pass.outputTangent().sub(fd).amaxNumber().doubleValue()).isLessThan(1e-6);
        // vᵀ-Jacobian product: wᵀ (∂F/∂x) v summed equals Σ (VJP of w) ⊙ v
        double viaVjp = pass.inputGradient(w).mul(v).sumNumber().doubleValue();
        double viaJvp = pass.outputTangent().mul(w).sumNumber().doubleValue();
        assertThat(viaVjp).isCloseTo(viaJvp, within(1e-9 * Math.max(1, Math.abs(viaJvp))));
    }

    /**
     * In float the SiLU network runs on the Vector API kernels (bias with activation, backward step, bias gradient); the
     * same network in double runs on ND4J ops: output, parameter gradient (output and tangent) and input gradient agree
     * to float precision, with and without the residual path.
     */
    @ParameterizedTest(name = "residual {0}")
    @ValueSource(booleans = {false, true})
    void floatKernelsAgreeWithTheDoubleOpsPath(boolean residual) {
        FourierMlp wide = new FourierMlp(2, new int[] {131, 131, 64}, 8, 2.0, Activation.SILU, residual, DataType.DOUBLE,
                new RandomStreams(3).get("init"));
        FourierMlp narrow = new FourierMlp(2, new int[] {131, 131, 64}, 8, 2.0, Activation.SILU, residual, DataType.FLOAT,
                new RandomStreams(3).get("init"));
        INDArray params = wide.initialParameters(new RandomStreams(6).get("init"));
        ScoreNetwork.TangentPass exact = wide.forward(params, x, t, v);
        ScoreNetwork.TangentPass fast = narrow.forward(params.castTo(DataType.FLOAT), x.castTo(DataType.FLOAT), t.castTo(DataType.FLOAT),
                v.castTo(DataType.FLOAT));
        close(fast.output(), exact.output(), "output");
        close(fast.outputTangent(), exact.outputTangent(), "Jacobian–vector product");
        close(fast.parameterGradient(w.castTo(DataType.FLOAT), c.castTo(DataType.FLOAT)), exact.parameterGradient(w, c), "parameter gradient");
        close(fast.inputGradient(w.castTo(DataType.FLOAT)), exact.inputGradient(w), "input gradient");
    }

    /** The inference pass gives the training pass's output bit for bit, for every activation, in float and in double. */
    @ParameterizedTest(name = "{0}, residual {1}")
    @MethodSource("architectures")
    void inferenceOutputEqualsTheTrainingPasssBitForBit(Activation activation, boolean residual) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            FourierMlp net = new FourierMlp(2, new int[] {33, 33, 16}, 8, 2.0, activation, residual, type, new RandomStreams(3).get("init"));
            INDArray params = net.initialParameters(new RandomStreams(7).get("init"));
            INDArray expected = net.forward(params, x.castTo(type), t.castTo(type)).output();
            assertThat(net.output(params, x.castTo(type), t.castTo(type)).data().asDouble()).as("%s", type).containsExactly(expected.data()
                    .asDouble());
        }
    }

    /** The first layer's input assembled in Java equals hstack(x, γ(t)) of the ND4J ops bit for bit. */
    @Test
    void firstLayerInputEqualsTheOpsPathBitForBit() {
        FourierFeatures features = new FourierFeatures(16, 16.0, 0, DataType.FLOAT, new RandomStreams(8).get("init"));
        INDArray xf = streams.get("xf").normal(DataType.FLOAT, 37, 3);
        INDArray tf = streams.get("tf").uniform(DataType.FLOAT, 0, 1, 37, 1);
        INDArray expected = Nd4j.hstack(xf, features.embed(tf));
        INDArray actual = features.input(xf, tf);
        assertThat(actual.shape()).containsExactly(expected.shape());
        assertThat(actual.data().asFloat()).containsExactly(expected.data().asFloat());
    }

    private static void close(INDArray actual, INDArray expected, String what) {
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        assertThat(actual.castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue() / scale).as(what).isLessThan(1e-5);
    }

    @Test
    void parameterCountMatchesTheLayerSizes() {
        // (2 + 8) → 16 → 16 → 16 → 2
        assertThat(net(Activation.SILU, false).parameterCount()).isEqualTo(10 * 16 + 16 + 2 * (16 * 16 + 16) + 16 * 2 + 2);
    }

    @Test
    void activationDerivativesMatchFiniteDifferences() {
        INDArray z = streams.get("z").normal(DataType.DOUBLE, 1, 50).muli(3);
        for (Activation a : Activation.values()) {
            INDArray d1 = value(a, z.add(H)).sub(value(a, z.sub(H))).divi(2 * H);
            INDArray d2 = derivative(a, z.add(H)).sub(derivative(a, z.sub(H))).divi(2 * H);
            INDArray memo = a.evaluate(z).memo();
            assertThat(a.derivative(z, memo).sub(d1).amaxNumber().doubleValue()).as("%s'", a).isLessThan(1e-7);
            assertThat(a.secondDerivative(z, memo).sub(d2).amaxNumber().doubleValue()).as("%s''", a).isLessThan(1e-7);
        }
    }

    private static INDArray value(Activation a, INDArray z) {
        return a.evaluate(z).value();
    }

    private static INDArray derivative(Activation a, INDArray z) {
        return a.derivative(z, a.evaluate(z).memo());
    }
}
