package org.langevin.inverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
import org.nd4j.linalg.factory.Nd4j;

/**
 * Twisted SMC is consistent: with the exact score of a 3-D mixture, its energy distance to exact posterior draws falls
 * as the particles grow (1, 4, 16, 64, 256), and at 256 particles its samples pass the two-sample permutation test
 * against the exact posterior at the 1 % level, on a mask and a dense matrix, at σ_y 0.1 and 0.5.
 */
class TwistedSmcConsistencyTest {
    private static final int N = 300;
    private final VpSde sde = new VpSde(0.1, 20);
    private final GaussianMixture prior = MixtureFixtures.fullCovariance3d();

    static Stream<Arguments> problems() {
        double[][] mask = {{1, 0, 0}, {0, 0, 1}};
        double[][] dense = {{0.8, -0.6, 0.3}, {0.2, 0.5, 0.9}};
        return Stream.of(Arguments.of("mask", mask, 0.1), Arguments.of("mask", mask, 0.5),
                Arguments.of("dense", dense, 0.1), Arguments.of("dense", dense, 0.5));
    }

    /** √(mean coordinate variance) of the prior: its σ_d. */
    private double dataStd() {
        double[][] c = MixtureFixtures.covariance(prior);
        double trace = 0;
        for (int i = 0; i < c.length; i++) trace += c[i][i];
        return Math.sqrt(trace / c.length);
    }

    @ParameterizedTest(name = "{0}, σ_y {2}")
    @MethodSource("problems")
    void distanceFallsWithParticlesToTheNull(String name, double[][] a, double noise) {
        double[] y = {1.0, -0.5};
        Measurement measurement = new Measurement(new DenseOperator(a, Double.NaN), Nd4j.createFromArray(new double[][] {y}), noise);
        double[][] exact = Arrays2.toMatrix(MixturePosterior.of(prior, a, y, noise).sample(N, new RandomStreams(1).get("exact")));
        double[] grid = TimeSchedule.UNIFORM.times(sde, 100, 1e-3, 7);
        int[] particles = {1, 4, 16, 64, 256};
        double[] d = new double[particles.length];
        double[][] last = null;
        for (int i = 0; i < particles.length; i++) {
            last = Arrays2.toMatrix(new TwistedSmcSampler(sde, grid, false, particles[i], dataStd())
                    .sample(new OracleScore(prior, sde), measurement, N, new RandomStreams(2)).samples());
            d[i] = TwoSampleDistances.energyDistance(last, exact);
        }
        String distances = Arrays.toString(d);
        assertThat(d[4]).as("%s: distances %s", name, distances).isLessThan(d[0] / 5);
        assertThat(TwoSampleDistances.energyPermutationPValue(last, exact, 200, new SplittableRandom(3)))
                .as("%s: p-value at 256 particles, distances %s", name, distances).isGreaterThan(0.01);
    }
}
