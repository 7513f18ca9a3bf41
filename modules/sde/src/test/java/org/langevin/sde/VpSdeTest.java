package org.langevin.sde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.junit.jupiter.api.Test;
import org.langevin.core.Marginal;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class VpSdeTest {
    private final VpSde sde = new VpSde(0.1, 20.0);

    /** For dx = -½β x dt + √β dW the moments obey dm/dt = -½β m and dv/dt = -β v + β (v = σ², from x0 = 0 and 1). */
    @Test
    void marginalSolvesTheMomentEquationsOfFokkerPlanck() {
        OrdinaryDifferentialEquation moments = new OrdinaryDifferentialEquation() {
            public int getDimension() {
                return 2;
            }

            public double[] computeDerivatives(double t, double[] y) {
                double b = sde.beta(t);
                return new double[] {-0.5 * b * y[0], -b * y[1] + b};
            }
        };
        DormandPrince54Integrator integrator = new DormandPrince54Integrator(1e-12, 0.1, 1e-12, 1e-12);
        for (double t : new double[] {1e-3, 0.1, 0.3, 0.5, 1.0}) {
            double[] y = integrator.integrate(moments, new ODEState(0, new double[] {1, 0}), t).getPrimaryState();
            Marginal m = sde.marginal(t);
            assertThat(m.meanCoef()).isCloseTo(y[0], within(1e-9));
            assertThat(m.variance()).isCloseTo(y[1], within(1e-9));
        }
        assertThat(sde.marginal(0).std()).isZero();
        assertThat(sde.marginal(1).meanCoef()).isCloseTo(Math.exp(-0.25 * 19.9 - 0.05), within(1e-15));
    }

    @Test
    void eulerMaruyamaSimulationOfTheForwardSdeMatchesTheMarginal() {
        RandomStreams streams = new RandomStreams(11);
        int n = 50_000;
        INDArray x = streams.get("x0").normal(DataType.DOUBLE, n, 1).muli(0.5).addi(2.0); // x0 ~ N(2, 0.25)
        int steps = 2000;
        double t = 0, h = 0.5 / steps;
        for (int k = 0; k < steps; k++) {
            x.addi(sde.drift(x, t).muli(h)).addi(streams.get("w").normal(DataType.DOUBLE, n, 1).muli(sde.diffusion(t) * Math.sqrt(h)));
            t += h;
        }
        Marginal m = sde.marginal(0.5);
        double mean = x.meanNumber().doubleValue();
        double var = x.varNumber().doubleValue();
        assertThat(mean).isCloseTo(2.0 * m.meanCoef(), within(0.01));
        assertThat(var).isCloseTo(0.25 * m.meanCoef() * m.meanCoef() + m.variance(), within(0.02));
    }

    @Test
    void priorIsTheStandardNormal() {
        INDArray x = Nd4j.createFromArray(new double[][] {{0, 0}, {1, -2}});
        double[] logp = sde.priorLogDensity(x);
        assertThat(logp[0]).isCloseTo(-Math.log(2 * Math.PI), within(1e-12));
        assertThat(logp[1]).isCloseTo(-2.5 - Math.log(2 * Math.PI), within(1e-12));
        assertThat(sde.driftDivergence(2, 0.5)).isCloseTo(-sde.beta(0.5), within(1e-12));
    }
}
