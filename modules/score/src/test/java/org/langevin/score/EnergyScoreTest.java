package org.langevin.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainableScore;
import org.langevin.nn.Activation;
import org.langevin.nn.FourierMlp;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The energy model's score, Hessian–vector products and second-order parameter gradient against finite differences. */
class EnergyScoreTest {
    private static final double H = 1e-5;
    private final VpSde sde = new VpSde(0.1, 20);

    private EnergyScore model(Activation activation, boolean residual) {
        RandomStreams streams = new RandomStreams(31);
        FourierMlp net = new FourierMlp(3, new int[] {16, 16, 16}, 8, 2.0, 0, 1, activation, residual, DataType.DOUBLE, streams.get("init"));
        return new EnergyScore(net, Parameterization.NOISE, sde, net.initialParameters(streams.get("init")));
    }

    private static INDArray points() {
        return new RandomStreams(32).get("x").normal(DataType.DOUBLE, 5, 3);
    }

    @Test
    void scoreIsMinusTheEnergyGradient() {
        for (Activation a : new Activation[] {Activation.SILU, Activation.GELU, Activation.TANH}) {
            EnergyScore model = model(a, true);
            INDArray x = points();
            double t = 0.3;
            INDArray score = model.score(x, t);
            for (int j = 0; j < 3; j++) {
                INDArray plus = x.dup();
                plus.getColumn(j).addi(H);
                INDArray minus = x.dup();
                minus.getColumn(j).subi(H);
                double[] ep = model.energy(plus, t);
                double[] em = model.energy(minus, t);
                for (int i = 0; i < 5; i++) {
                    assertThat(score.getDouble(i, j)).as("%s row %d coordinate %d", a, i, j).isCloseTo(-(ep[i] - em[i]) / (2 * H), within(1e-6));
                }
            }
            double[] logp = model.logDensity(x, t);
            double[] e = model.energy(x, t);
            for (int i = 0; i < 5; i++) assertThat(logp[i]).isEqualTo(-e[i]);
        }
    }

    @Test
    void vectorJacobianProductIsTheSymmetricHessianProduct() {
        EnergyScore model = model(Activation.SILU, true);
        INDArray x = points();
        double t = 0.6;
        INDArray v = new RandomStreams(33).get("v").normal(DataType.DOUBLE, 5, 3);
        INDArray vjp = model.vjp(x, t, v).vjp();
        // (∂s/∂x) v by finite differences of the score along v; symmetric Jacobian ⇒ equals vᵀ ∂s/∂x
        INDArray jv = model.score(x.add(v.mul(H)), t).sub(model.score(x.sub(v.mul(H)), t)).divi(2 * H);
        assertThat(vjp.sub(jv).amaxNumber().doubleValue()).isLessThan(1e-6 * Math.max(1, jv.amaxNumber().doubleValue()));
        assertThat(model.exactDivergence(x, t).score().sub(model.score(x, t)).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void secondOrderParameterGradientMatchesFiniteDifferences() {
        EnergyScore model = model(Activation.SILU, true);
        RandomStreams streams = new RandomStreams(34);
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 6, 3);
        INDArray t = streams.get("t").uniform(DataType.DOUBLE, 0.05, 1, 6, 1);
        INDArray a = streams.get("a").normal(DataType.DOUBLE, 6, 3);
        INDArray grad = model.forward(x, t).backward(a);
        INDArray params = model.parameters();
        double h = 1e-6;
        int checked = 0;
        for (long i = 0; i < params.length(); i += 7) {
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
        assertThat(pass.score().sub(model.score(x.getRow(0, true), t.getDouble(0)).broadcast(6, 3)).getRow(0).amaxNumber().doubleValue())
                .isLessThan(1e-12);
    }

    @Test
    void anEnergyNetworkHasOneOutput() {
        FourierMlp vector = new FourierMlp(3, new int[] {8}, 4, 1.0, Activation.SILU, false, DataType.DOUBLE, new RandomStreams(1).get("init"));
        Assertions.assertThatThrownBy(() -> new EnergyScore(vector, Parameterization.NOISE, sde, Nd4j.zeros(vector.parameterCount())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
