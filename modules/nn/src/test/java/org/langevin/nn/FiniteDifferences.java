package org.langevin.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Central finite differences of a network's output against its backward pass (double precision). */
public final class FiniteDifferences {
    private static final double H = 1e-6;

    private FiniteDifferences() {}

    /** ∂(Σ w ⊙ F(x, t))/∂θ_i for every {@code step}-th parameter in [from, to), against the backward pass, within 1e-6 relative. */
    public static void assertParameterGradient(ScoreNetwork net, INDArray params, INDArray x, INDArray t, INDArray w, long from, long to, long step) {
        INDArray gradient = net.forward(params, x, t).parameterGradient(w);
        for (long i = from; i < to; i += step) {
            double p = params.getDouble(i);
            params.putScalar(i, p + H);
            double plus = net.forward(params, x, t).output().mul(w).sumNumber().doubleValue();
            params.putScalar(i, p - H);
            double minus = net.forward(params, x, t).output().mul(w).sumNumber().doubleValue();
            params.putScalar(i, p);
            double fd = (plus - minus) / (2 * H);
            assertThat(gradient.getDouble(i)).as("parameter %d of %d", i, params.length()).isCloseTo(fd, within(1e-6 * Math.max(1, Math.abs(fd))));
        }
    }
}
