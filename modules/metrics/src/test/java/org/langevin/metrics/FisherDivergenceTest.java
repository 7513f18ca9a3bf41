package org.langevin.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sde;
import org.langevin.score.OracleScore;
import org.langevin.sde.VpSde;

/**
 * The σ²-weighted Fisher divergence against its closed form: for data N(0, s² I) and the exact score of a model that
 * believes N(0, v² I), both noised by the VP SDE, p_t = N(0, a I) and p̂_t = N(0, b I) with a = m² s² + σ², b = m² v² + σ²,
 * the scores differ by x (1/b − 1/a), and E‖·‖² = D a (1/a − 1/b)².
 */
class FisherDivergenceTest {
    @Test
    void equalsItsClosedFormForTwoGaussiansAndVanishesAtTheTruth() {
        int dim = 3;
        double s = 0.5;
        double v = 0.8;
        Sde sde = new VpSde(0.1, 20);
        GaussianMixture data = GaussianMixture.isotropic(new double[] {1}, new double[][] {new double[dim]}, s);
        GaussianMixture believed = GaussianMixture.isotropic(new double[] {1}, new double[][] {new double[dim]}, v);
        double eps = 1e-3;
        int levels = 20;
        double expected = 0;
        for (int k = 0; k < levels; k++) {
            double t = eps + (k + 0.5) * (sde.horizon() - eps) / levels;
            double m2 = Math.pow(sde.marginal(t).meanCoef(), 2);
            double var = sde.marginal(t).variance();
            double a = m2 * s * s + var;
            double b = m2 * v * v + var;
            expected += var * dim * a * Math.pow(1 / a - 1 / b, 2) / levels;
        }
        double estimated = FisherDivergence.sigma2Weighted(new OracleScore(believed, sde), data, sde, eps, levels, 20_000,
                new RandomStreams(3).get("test/fisher"));
        assertThat(estimated).isCloseTo(expected, within(0.03 * expected)); // 20 levels × 20,000 draws: about 0.5 % relative error
        assertThat(FisherDivergence.sigma2Weighted(new OracleScore(data, sde), data, sde, eps, levels, 1000, new RandomStreams(3).get("test/fisher")))
                .isCloseTo(0, within(1e-9));
    }
}
