package org.langevin.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.UniformRealDistribution;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/**
 * The energy permutation test that decides about 45 pass/fail cases of the suite: its p-values are uniform when the
 * two samples share a law (so a 1 % test rejects 1 % of the time), and it detects the size of error the suite relies
 * on it to catch (a shift of half a standard deviation at the suite's sample sizes).
 */
class PermutationPValueTest {
    private static final int PERMUTATIONS = 199;

    private static double[][] gaussian(int n, int dim, double shift, SplittableRandom random) {
        double[][] x = new double[n][dim];
        for (double[] row : x) {
            for (int j = 0; j < dim; j++) row[j] = shift + gaussian(random);
        }
        return x;
    }

    private static double gaussian(SplittableRandom random) { // Box–Muller
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void underTheNullThePValuesAreUniform() {
        SplittableRandom random = new SplittableRandom(20261206);
        double[] p = new double[300];
        for (int t = 0; t < p.length; t++) {
            p[t] = TwoSampleDistances.energyPermutationPValue(gaussian(40, 2, 0, random), gaussian(40, 2, 0, random), PERMUTATIONS, random);
        }
        // the p-values live on the grid k/200: the KS statistic against U(0, 1) carries at most 1/200 of discreteness
        double ks = new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(new UniformRealDistribution(0, 1), p);
        assertThat(ks).as("KS distance of the null p-values to U(0, 1)").isLessThan(1.63 / Math.sqrt(p.length) + 1.0 / (PERMUTATIONS + 1));
        long rejected = Arrays.stream(p).filter(v -> v <= 0.01).count();
        assertThat(rejected).as("1 % tests rejecting under the null, of 300").isLessThanOrEqualTo(9); // Binomial(300, 0.01): P(> 9) < 0.001
    }

    @Test
    void itDetectsAShiftOfHalfAStandardDeviation() {
        SplittableRandom random = new SplittableRandom(7);
        int rejected = 0;
        for (int t = 0; t < 30; t++) {
            double p = TwoSampleDistances.energyPermutationPValue(gaussian(100, 2, 0, random), gaussian(100, 2, 0.5, random), PERMUTATIONS, random);
            if (p <= 0.01) rejected++;
        }
        assertThat(rejected).as("of 30 shifted pairs, rejected at 1 %").isGreaterThanOrEqualTo(27);
    }

    /**
     * The observed split counts among its own permutations (Phipson & Smyth 2010): a p-value is never below 1/(B + 1),
     * and two samples that no relabelling brings closer reach exactly that floor; a p of 0 would reject at every level.
     */
    @Test
    void thePValueCountsTheObservedSplitAndReachesItsFloorExactly() {
        SplittableRandom random = new SplittableRandom(11);
        double p = TwoSampleDistances.energyPermutationPValue(gaussian(20, 2, 0, random), gaussian(20, 2, 100, random), PERMUTATIONS, random);
        assertThat(p).isEqualTo(1.0 / (PERMUTATIONS + 1));
    }
}
