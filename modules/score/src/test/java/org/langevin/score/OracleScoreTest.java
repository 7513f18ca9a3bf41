package org.langevin.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.sde.BrownianSde;
import org.langevin.sde.EdmSde;
import org.langevin.sde.OrnsteinUhlenbeckSde;
import org.langevin.sde.SubVpSde;
import org.langevin.sde.VeSde;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class OracleScoreTest {
    private final GaussianMixture data = GaussianMixture.of(new double[] {0.3, 0.7}, new double[][] {{-2, 1}, {2, -1}},
            new double[][][] {{{0.5, 0.2}, {0.2, 0.3}}, {{0.2, 0}, {0, 0.6}}});
    private final VpSde sde = new VpSde(0.1, 20);
    private final OracleScore oracle = new OracleScore(data, sde);

    @Test
    void scoreIsTheGradientOfTheExactLogDensityOfTheMarginal() {
        INDArray x = new RandomStreams(1).get("x").normal(DataType.DOUBLE, 6, 2).muli(2);
        for (double t : new double[] {1e-4, 0.05, 0.3, 0.9}) {
            double[][] s = oracle.score(x, t).toDoubleMatrix();
            GaussianMixture pt = oracle.marginal(t);
            double h = 1e-5;
            for (int n = 0; n < 6; n++) {
                for (int i = 0; i < 2; i++) {
                    double[][] plus = {x.getRow(n).toDoubleVector()};
                    double[][] minus = {x.getRow(n).toDoubleVector()};
                    plus[0][i] += h;
                    minus[0][i] -= h;
                    double fd = (pt.logDensity(plus)[0] - pt.logDensity(minus)[0]) / (2 * h);
                    assertThat(s[n][i]).isCloseTo(fd, within(1e-5 * Math.max(1, Math.abs(fd))));
                }
            }
        }
    }

    @Test
    void underEverySdeFamilyTheOracleIsTheGradientOfTheExactLogDensity() {
        INDArray x = new RandomStreams(3).get("x").normal(DataType.DOUBLE, 5, 2).muli(2);
        for (Sde family : List.of(new SubVpSde(0.1, 20), new VeSde(0.01, 50),
                new EdmSde(0.002, 80), new BrownianSde(1, 50), new OrnsteinUhlenbeckSde(1, 1, 5))) {
            OracleScore o = new OracleScore(data, family);
            double t = 0.3 * family.horizon();
            double[][] s = o.score(x, t).toDoubleMatrix();
            double h = 1e-5;
            for (int n = 0; n < 5; n++) {
                for (int i = 0; i < 2; i++) {
                    INDArray plus = x.getRow(n, true).dup();
                    INDArray minus = x.getRow(n, true).dup();
                    plus.putScalar(0, i, plus.getDouble(0, i) + h);
                    minus.putScalar(0, i, minus.getDouble(0, i) - h);
                    double fd = (o.logDensity(plus, t)[0] - o.logDensity(minus, t)[0]) / (2 * h);
                    assertThat(s[n][i]).as("%s", family.getClass().getSimpleName()).isCloseTo(fd, within(1e-6 * Math.max(1, Math.abs(fd))));
                }
            }
        }
    }

    @Test
    void divergenceFromVectorJacobianProductsEqualsTheClosedForm() {
        ScoreModel viaVjp = new ScoreModel() {
            public INDArray score(INDArray x, double t) {
                return oracle.score(x, t);
            }

            public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
                return oracle.vjp(x, t, v);
            }
        };
        INDArray x = new RandomStreams(4).get("x").normal(DataType.DOUBLE, 5, 2);
        double[] closed = oracle.exactDivergence(x, 0.4).divergence().toDoubleVector();
        double[] generic = viaVjp.exactDivergence(x, 0.4).divergence().toDoubleVector();
        for (int i = 0; i < 5; i++) assertThat(generic[i]).isCloseTo(closed[i], within(1e-10));
    }

    @Test
    void hutchinsonEstimatesAverageToTheExactDivergence() {
        RandomStreams streams = new RandomStreams(2);
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 4, 2);
        double t = 0.2;
        double[] exact = oracle.exactDivergence(x, t).divergence().toDoubleVector();
        int probes = 4000;
        double[] mean = new double[4];
        for (int k = 0; k < probes; k++) {
            INDArray v = streams.get("probe").rademacher(DataType.DOUBLE, 4, 2);
            double[] est = oracle.hutchinsonDivergence(x, t, v).divergence().toDoubleVector();
            for (int i = 0; i < 4; i++) mean[i] += est[i] / probes;
        }
        for (int i = 0; i < 4; i++) assertThat(mean[i]).isCloseTo(exact[i], within(0.05 * Math.max(1, Math.abs(exact[i]))));
    }
}
