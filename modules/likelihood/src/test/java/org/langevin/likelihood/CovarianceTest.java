package org.langevin.likelihood;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The moment-matched prior's covariance: the upper triangle mirrored gives the bits of the full double loop. */
class CovarianceTest {
    @Test
    void theMirroredTriangleIsBitForBitTheFullSum() {
        Random random = new Random(7);
        int n = 300;
        int d = 13;
        double[][] x = new double[n][d];
        double[] mean = new double[d];
        for (double[] row : x) for (int i = 0; i < d; i++) row[i] = random.nextGaussian() * (1 + i) + 3 * random.nextDouble();
        for (double[] row : x) for (int i = 0; i < d; i++) mean[i] += row[i] / n;
        double[][] full = new double[d][d];
        for (double[] row : x)
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) full[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / (n - 1);
        assertThat(LikelihoodModule.covariance(x, mean)).isDeepEqualTo(full);
        // and it is a covariance: the variance of the first coordinate, by a second formula, to rounding
        double var = 0;
        for (double[] row : x) var += (row[0] - mean[0]) * (row[0] - mean[0]);
        assertThat(LikelihoodModule.covariance(x, mean)[0][0]).isCloseTo(var / (n - 1), Assertions.within(1e-12));
    }
}
