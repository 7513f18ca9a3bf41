package org.langevin.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.jgrapht.alg.matching.KuhnMunkresMinimalWeightBipartitePerfectMatching;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.junit.jupiter.api.Test;

/** The optimal assignment against brute force over every permutation, and against JGraphT's Kuhn–Munkres. */
class OptimalCouplingTest {
    private static double[][] points(SplittableRandom random, int n, double scale, double shift) {
        double[][] p = new double[n][2];
        for (double[] row : p) for (int k = 0; k < 2; k++) row[k] = shift + scale * random.nextGaussian();
        return p;
    }

    private static double bruteForce(double[][] x, double[][] z, int[] perm, int depth, boolean[] used) {
        if (depth == x.length) return OptimalCoupling.cost(x, z, perm) * x.length;
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < z.length; j++) {
            if (used[j]) continue;
            used[j] = true;
            perm[depth] = j;
            best = Math.min(best, bruteForce(x, z, perm, depth + 1, used));
            used[j] = false;
        }
        return best;
    }

    @Test
    void theAssignmentIsOptimalOverEveryPermutation() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 1; n <= 7; n++) {
            double[][] x = points(random, n, 3, 1);
            double[][] z = points(random, n, 1, 0);
            int[] pi = OptimalCoupling.assign(x, z);
            assertThat(new HashSet<>(Arrays.stream(pi).boxed().toList())).hasSize(n);
            double best = bruteForce(x, z, new int[n], 0, new boolean[n]);
            assertThat(OptimalCoupling.cost(x, z, pi) * n).as("n = %d", n).isCloseTo(best, within(1e-9 * (1 + best)));
        }
    }

    @Test
    void theAssignmentCostsWhatJGraphTsKuhnMunkresCosts() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 40;
        double[][] x = points(random, n, 4, 0);
        double[][] z = points(random, n, 1, 0);
        SimpleWeightedGraph<Integer, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        Set<Integer> left = new HashSet<>();
        Set<Integer> right = new HashSet<>();
        for (int i = 0; i < n; i++) {
            g.addVertex(i);
            g.addVertex(n + i);
            left.add(i);
            right.add(n + i);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) g.setEdgeWeight(g.addEdge(i, n + j), Math.pow(x[i][0] - z[j][0], 2) + Math.pow(x[i][1] - z[j][1], 2));
        }
        double reference = new KuhnMunkresMinimalWeightBipartitePerfectMatching<>(g, left, right).getMatching().getWeight();
        assertThat(OptimalCoupling.cost(x, z, OptimalCoupling.assign(x, z)) * n).isCloseTo(reference, within(1e-9 * reference));
    }

    @Test
    void optimalCouplingTransportsLessThanIndependentPairs() {
        SplittableRandom random = new SplittableRandom(7);
        double[][] x = points(random, 256, 4, 0);
        double[][] z = points(random, 256, 1, 0);
        int[] identity = IntStream.range(0, 256).toArray();
        double independent = OptimalCoupling.cost(x, z, identity);
        double optimal = OptimalCoupling.cost(x, z, OptimalCoupling.assign(x, z));
        // independent pairs cost E‖x − z‖² = 2 (16 + 1) = 34; the Gaussian W₂² is 2 (4 − 1)² = 18
        assertThat(independent).isCloseTo(34, within(4.0));
        assertThat(optimal).isLessThan(0.6 * independent).isCloseTo(18, within(3.0));
        // minibatch OT in blocks of 64: a permutation within each block, costing between the exact plan and independent pairs
        int[] blocks = OptimalCoupling.assignInBlocks(x, z, 64);
        for (int b = 0; b < 256; b += 64) {
            int[] within = Arrays.copyOfRange(blocks, b, b + 64);
            Arrays.sort(within);
            assertThat(within).containsExactly(IntStream.range(b, b + 64).toArray());
        }
        double blocked = OptimalCoupling.cost(x, z, blocks);
        assertThat(blocked).isGreaterThan(optimal).isLessThan(0.8 * independent);
        assertThat(OptimalCoupling.assignInBlocks(x, z, 256)).containsExactly(OptimalCoupling.assign(x, z));
    }
}
