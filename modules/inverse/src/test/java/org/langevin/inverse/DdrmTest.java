package org.langevin.inverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Measurement;
import org.langevin.core.MixtureFixtures;
import org.langevin.core.MixturePosterior;
import org.langevin.core.RandomStreams;
import org.langevin.metrics.TwoSampleDistances;
import org.langevin.samplers.TimeSchedule;
import org.langevin.score.OracleScore;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DDRM with the exact score of a 3-D mixture: its spectral basis is orthonormal and diagonalises A; noise-free, its
 * samples reproduce y exactly; with σ_y 0.1 on a mask and a dense matrix its samples are near the exact posterior
 * (energy distance a fifth of the prior's and under 0.05) with the posterior's mean of the unobserved direction; an
 * operator with dependent rows is refused with the reason.
 */
class DdrmTest {
    private final VpSde sde = new VpSde(0.1, 20);
    private final GaussianMixture prior = MixtureFixtures.fullCovariance3d();
    private final OracleScore score = new OracleScore(prior, sde);
    private final double[] grid = TimeSchedule.UNIFORM.times(sde, 100, 1e-3, 7);
    private final double[][] dense = {{0.8, -0.6, 0.3}, {0.2, 0.5, 0.9}};

    @Test
    void spectrumIsOrthonormalAndDiagonalisesTheOperator() {
        DdrmSampler.Spectrum sp = DdrmSampler.Spectrum.of(new DenseOperator(dense, Double.NaN));
        INDArray v = sp.v();
        assertThat(v.transpose().mmul(v).sub(Nd4j.eye(3)).amaxNumber().doubleValue()).isLessThan(1e-12);
        INDArray usv = sp.u().transpose().mmul(Nd4j.createFromArray(dense)).mmul(v); // Uᵀ A V = [S 0]
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) assertThat(usv.getDouble(i, j)).isCloseTo(i == j ? sp.singular()[i] : 0, within(1e-12));
        }
    }

    @Test
    void withoutNoiseTheSamplesReproduceTheMeasurement() {
        double[] y = {0.7, -1.2};
        Measurement m = new Measurement(new DenseOperator(dense, Double.NaN), Nd4j.createFromArray(new double[][] {y}), 0);
        INDArray x = new DdrmSampler(sde, grid, false, 0.85, 1).sample(score, m, 50, new RandomStreams(4)).samples();
        INDArray ax = x.mmul(Nd4j.createFromArray(dense).transpose());
        assertThat(ax.subRowVector(Nd4j.createFromArray(y)).amaxNumber().doubleValue()).isLessThan(1e-9);
    }

    @Test
    void samplesAreNearTheExactPosteriorOnAMaskAndADenseMatrix() {
        double[] y = {1.0, -0.5};
        for (double[][] a : new double[][][] {{{1, 0, 0}, {0, 0, 1}}, dense}) {
            Measurement m = new Measurement(new DenseOperator(a, Double.NaN), Nd4j.createFromArray(new double[][] {y}), 0.1);
            double[][] exact = Arrays2.toMatrix(MixturePosterior.of(prior, a, y, 0.1).sample(400, new RandomStreams(1).get("exact")));
            double[][] unconditional = Arrays2.toMatrix(prior.sample(400, new RandomStreams(5).get("prior")));
            double[][] s = Arrays2.toMatrix(new DdrmSampler(sde, TimeSchedule.UNIFORM.times(sde, 500, 1e-3, 7), false, 0.85, 1)
                    .sample(score, m, 400, new RandomStreams(2)).samples());
            double d = TwoSampleDistances.energyDistance(s, exact);
            assertThat(d).as("a = %s, prior's distance %s", Arrays.deepToString(a), TwoSampleDistances.energyDistance(unconditional, exact))
                    .isLessThan(0.05)
                    .isLessThan(TwoSampleDistances.energyDistance(unconditional, exact) / 5);
        }
    }

    @Test
    void dependentRowsAreRefusedWithTheReason() {
        double[][] twice = {{1, 0, 0}, {2, 0, 0}};
        assertThatThrownBy(() -> new DdrmSampler(sde, grid, false, 0.85, 1).check(new DenseOperator(twice, Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not independent");
    }
}
