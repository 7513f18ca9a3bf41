package org.langevin.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;

/** Bin masses, exact draws and the total-variation floor of a histogram, against a standard normal. */
class BinnedDensityTest {
    @Test
    void binMassesAndTheHistogramFloorOfAStandardNormal() {
        BinnedDensity normal = new BinnedDensity(-5, 5, 40, 1, x -> Arrays.stream(x).mapToDouble(r -> -0.5 * r[0] * r[0]).toArray());
        // mass of [0, 0.25): Φ(0.25) − ½ = 0.098706
        double[][] marginal = normal.marginal();
        assertThat(marginal[1][20] * 0.25).isCloseTo(0.0987063, within(2e-5));
        assertThat(normal.expectation(x -> Arrays.stream(x).mapToDouble(r -> r[0] * r[0]).toArray())).isCloseTo(1.0, within(1e-3));
        RandomStreams streams = new RandomStreams(3);
        int n = 4000;
        double exactDraws = 0;
        double quadratureDraws = 0;
        int reps = 30;
        for (int r = 0; r < reps; r++) {
            double[][] z = Arrays2.toMatrix(streams.get("z").normal(DataType.DOUBLE, n, 1));
            exactDraws += normal.totalVariation(z) / reps;
            quadratureDraws += normal.totalVariation(normal.sample(n, streams.get("q"))) / reps;
        }
        // E TV ≈ ½ Σ_b sqrt(2 P_b (1 − P_b) / (π n)) for a multinomial histogram
        double expected = 0;
        for (int b = 0; b < 40; b++) {
            double p = marginal[1][b] * 0.25;
            expected += 0.5 * Math.sqrt(2 * p * (1 - p) / (Math.PI * n));
        }
        assertThat(exactDraws).isCloseTo(expected, within(0.1 * expected));
        assertThat(quadratureDraws).isCloseTo(expected, within(0.1 * expected));
    }
}
