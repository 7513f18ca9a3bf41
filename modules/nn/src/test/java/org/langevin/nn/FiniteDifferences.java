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

    /**
     * The forward mode and the reverse passes over it, for L = Σ w ⊙ F(x, t) + Σ c ⊙ (∂F/∂x) v: the tangent against a
     * central difference of F along v, the parameter gradient of L at every {@code step}-th parameter, and L's input
     * gradient along a direction u (v held fixed), each against central differences of L, within 1e-6 relative.
     */
    public static void assertTangentPasses(ScoreNetwork net, INDArray params, INDArray x, INDArray t, INDArray v, INDArray w, INDArray c,
                                           INDArray u, long step) {
        ScoreNetwork.TangentPass pass = net.forward(params, x, t, v);
        INDArray jvp = net.forward(params, x.add(v.mul(H)), t).output().sub(net.forward(params, x.sub(v.mul(H)), t).output()).divi(2 * H);
        double scale = Math.max(1, jvp.amaxNumber().doubleValue());
        assertThat(pass.outputTangent().sub(jvp).amaxNumber().doubleValue()).as("tangent").isLessThan(1e-6 * scale);
        INDArray gradient = pass.parameterGradient(w, c);
        for (long i = 0; i < params.length(); i += step) {
            double p = params.getDouble(i);
            params.putScalar(i, p + H);
            double plus = objective(net, params, x, t, v, w, c);
            params.putScalar(i, p - H);
            double minus = objective(net, params, x, t, v, w, c);
            params.putScalar(i, p);
            double fd = (plus - minus) / (2 * H);
            assertThat(gradient.getDouble(i)).as("parameter %d of %d", i, params.length()).isCloseTo(fd, within(1e-6 * Math.max(1, Math.abs(fd))));
        }
        double alongU = pass.inputGradient(w, c).mul(u).sumNumber().doubleValue();
        double fd = (objective(net, params, x.add(u.mul(H)), t, v, w, c) - objective(net, params, x.sub(u.mul(H)), t, v, w, c)) / (2 * H);
        assertThat(alongU).as("input gradient along u").isCloseTo(fd, within(1e-6 * Math.max(1, Math.abs(fd))));
    }

    private static double objective(ScoreNetwork net, INDArray params, INDArray x, INDArray t, INDArray v, INDArray w, INDArray c) {
        ScoreNetwork.TangentPass pass = net.forward(params, x, t, v);
        return pass.output().mul(w).sumNumber().doubleValue() + pass.outputTangent().mul(c).sumNumber().doubleValue();
    }
}
