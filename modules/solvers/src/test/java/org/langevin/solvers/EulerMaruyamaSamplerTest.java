package org.langevin.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.ScoreModel;
import org.langevin.score.OracleScore;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Anderson's reverse-time SDE with the exact score carries the prior back to the data law; without the score it does not. */
class EulerMaruyamaSamplerTest {
    private final VpSde sde = new VpSde(0.1, 20);
    private final GaussianMixture data = GaussianMixture.of(new double[] {0.5, 0.5}, new double[][] {{-2, 0}, {2, 1}},
            new double[][][] {{{0.3, 0.1}, {0.1, 0.2}}, {{0.2, 0}, {0, 0.4}}});

    private double[] moments(INDArray x) {
        double[][] m = x.toDoubleMatrix();
        double mean0 = 0, mean1 = 0, second0 = 0;
        for (double[] r : m) {
            mean0 += r[0] / m.length;
            mean1 += r[1] / m.length;
            second0 += r[0] * r[0] / m.length;
        }
        return new double[] {mean0, mean1, second0};
    }

    @Test
    void exactScoreReturnsToTheDataMoments() {
        SampleResult r = new EulerMaruyamaSampler(sde, 1000, 1e-3).sample(new OracleScore(data, sde), 4000, 2, new RandomStreams(1));
        assertThat(r.nfe()).isEqualTo(1000);
        double[] m = moments(r.samples());
        // data: E x0 = 0, E x1 = 0.5, E x0² = 4 + 0.25
        assertThat(m[0]).isBetween(-0.15, 0.15);
        assertThat(m[1]).isBetween(0.4, 0.6);
        assertThat(m[2]).isBetween(4.25 - 0.3, 4.25 + 0.3);
        // every sample sits near one of the two components: few points in the empty middle
        long middle = 0;
        for (double[] row : r.samples().toDoubleMatrix()) if (Math.abs(row[0]) < 0.5) middle++;
        assertThat(middle).isLessThan(4000 / 50);
    }

    @Test
    void withoutTheScoreTheReverseSdeDoesNotReturn() {
        ScoreModel zero = new ScoreModel() {
            public INDArray score(INDArray x, double t) {
                return Nd4j.zerosLike(x);
            }

            public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
                return new ScoreAndVjp(Nd4j.zerosLike(x), Nd4j.zerosLike(x));
            }
        };
        SampleResult r = new EulerMaruyamaSampler(sde, 1000, 1e-3).sample(zero, 2000, 2, new RandomStreams(1));
        double[] m = moments(r.samples());
        assertThat(Math.abs(m[2] - 4.25)).isGreaterThan(1.0);
    }
}
