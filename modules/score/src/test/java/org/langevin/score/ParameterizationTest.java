package org.langevin.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Marginal;
import org.langevin.core.MixtureFixtures;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sde;
import org.langevin.sde.VeSde;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Round trip oracle score → raw target → score: each raw target is built from its own definition (ε = -σ s,
 * Tweedie's x̂0 = (x + σ² s)/m, v = m ε - σ x0, the EDM network target (D - c_skip x̃)/c_out), then the adapter must
 * give the oracle score back.
 */
class ParameterizationTest {
    private final GaussianMixture mixture = MixtureFixtures.fullCovariance2d();
    private static final double SIGMA_DATA = 1.3;

    private double[][] rawTarget(String name, double[][] x, double[][] s, Marginal m) {
        int n = x.length;
        double[][] out = new double[n][2];
        double sigmaTilde = m.std() / m.meanCoef();
        double total = sigmaTilde * sigmaTilde + SIGMA_DATA * SIGMA_DATA;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                double eps = -m.std() * s[i][k];
                double x0 = (x[i][k] + m.variance() * s[i][k]) / m.meanCoef();
                out[i][k] = switch (name) {
                    case "score" -> s[i][k];
                    case "noise" -> eps;
                    case "data" -> x0;
                    case "velocity" -> m.meanCoef() * eps - m.std() * x0;
                    default -> (x0 - SIGMA_DATA * SIGMA_DATA / total * x[i][k] / m.meanCoef())
                            / (sigmaTilde * SIGMA_DATA / Math.sqrt(total));
                };
            }
        }
        return out;
    }

    @Test
    void everyParameterizationRoundTripsTheOracleScore() {
        Map<String, Parameterization> all = Map.of("score", Parameterization.SCORE, "noise", Parameterization.NOISE,
                "data", Parameterization.DATA, "velocity", Parameterization.VELOCITY, "edm", Parameterization.edm(SIGMA_DATA));
        for (Sde sde : new Sde[] {new VpSde(0.1, 20), new VeSde(0.01, 50)}) {
            for (double t : new double[] {0.01, 0.3, 0.9}) {
                Marginal m = sde.marginal(t);
                OracleScore oracle = new OracleScore(mixture, sde);
                INDArray xt = oracle.marginal(t).sample(50, new RandomStreams(1).get("x"));
                double[][] x = Arrays2.toMatrix(xt);
                double[][] s = Arrays2.toMatrix(oracle.score(xt, t));
                all.forEach((name, p) -> {
                    Parameterization.Coefficients c = p.at(t, m);
                    double[][] raw = rawTarget(name, x, s, m);
                    for (int i = 0; i < x.length; i++) {
                        for (int k = 0; k < 2; k++) {
                            double back = c.outScale() * raw[i][k] + c.skipScale() * x[i][k];
                            assertThat(back).as("%s, %s, t = %s", name, sde.getClass().getSimpleName(), t)
                                    .isCloseTo(s[i][k], within(1e-8 * Math.max(1, Math.abs(s[i][k]))));
                        }
                    }
                });
            }
        }
    }

    @Test
    void edmConditionsOnTheLogNoiseLevelAndScalesTheInputToUnitVariance() {
        VeSde ve = new VeSde(0.01, 50);
        Marginal m = ve.marginal(0.5);
        Parameterization.Coefficients c = Parameterization.edm(SIGMA_DATA).at(0.5, m);
        assertThat(c.timeInput()).isCloseTo(0.25 * Math.log(m.std()), within(1e-12));
        // Var(c_in x) = c_in² (σ_d² + σ²) = 1 for data of std σ_d
        assertThat(c.inScale() * c.inScale() * (SIGMA_DATA * SIGMA_DATA + m.variance())).isCloseTo(1.0, within(1e-12));
        assertThat(Parameterization.NOISE.at(0.5, m).timeInput()).isEqualTo(0.5);
    }
}
