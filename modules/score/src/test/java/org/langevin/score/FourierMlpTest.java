package org.langevin.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The hand-derived backward pass against central finite differences, in double precision. */
class FourierMlpTest {
    private final RandomStreams streams = new RandomStreams(3);
    private final FourierMlp net = new FourierMlp(2, new int[] {16, 16}, 8, 2.0, DataType.DOUBLE, streams.get("init"));
    private final INDArray params = net.initialParameters(streams.get("init"));
    private final INDArray x = streams.get("x").normal(DataType.DOUBLE, 5, 2);
    private final INDArray t = streams.get("t").uniform(DataType.DOUBLE, 0, 1, 5, 1);
    private final INDArray w = streams.get("w").normal(DataType.DOUBLE, 5, 2);

    /** L = Σ w ⊙ net(x, t): a scalar whose gradient the backward pass must give. */
    private double objective(INDArray p, INDArray input) {
        return net.forward(p, input, t).output().mul(w).sumNumber().doubleValue();
    }

    @Test
    void parameterGradientMatchesFiniteDifferences() {
        INDArray grad = net.forward(params, x, t).parameterGradient(w);
        double h = 1e-6;
        for (long i = 0; i < params.length(); i += 7) {
            double v = params.getDouble(i);
            params.putScalar(i, v + h);
            double plus = objective(params, x);
            params.putScalar(i, v - h);
            double minus = objective(params, x);
            params.putScalar(i, v);
            assertThat(grad.getDouble(i)).as("parameter %d", i).isCloseTo((plus - minus) / (2 * h), within(1e-6));
        }
    }

    @Test
    void inputVectorJacobianProductMatchesFiniteDifferences() {
        INDArray vjp = net.forward(params, x, t).inputGradient(w);
        double h = 1e-6;
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 2; c++) {
                INDArray plus = x.dup();
                INDArray minus = x.dup();
                plus.putScalar(r, c, x.getDouble(r, c) + h);
                minus.putScalar(r, c, x.getDouble(r, c) - h);
                double fd = (objective(params, plus) - objective(params, minus)) / (2 * h);
                assertThat(vjp.getDouble(r, c)).isCloseTo(fd, within(1e-6));
            }
        }
    }

    @Test
    void parameterCountMatchesTheLayerSizes() {
        // (2 + 8) → 16 → 16 → 2
        assertThat(net.parameterCount()).isEqualTo(10 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2);
    }
}
