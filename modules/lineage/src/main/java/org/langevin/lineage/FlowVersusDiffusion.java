package org.langevin.lineage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Sde;
import org.langevin.core.Settings;
import org.langevin.metrics.TwoSampleDistances;

/**
 * Song et al. (2021): the probability-flow ODE dx/dt = f − ½ g² ∇log p_t has the same marginals p_t as the reverse
 * SDE, but deterministic paths. From the same draws of p_T, both are run with the exact score; at each recorded time
 * the two clouds and fresh draws of p_t are compared by energy-distance permutation tests, and the paths are compared
 * point by point (their RMS separation at the end).
 */
final class FlowVersusDiffusion implements LineageExperiment {
    private final GaussianMixture data;
    private final int n;
    private final int steps;
    private final int times;
    private final int permutations;
    private final int snapshots;

    FlowVersusDiffusion(Settings s, Sde sde, Dataset dataset) {
        data = LineageExperiment.mixture(dataset, "the flow/diffusion comparison with the exact score");
        n = s.integer("lineage.particles", 2);
        steps = s.integer("lineage.steps", 10);
        times = s.integer("lineage.times", 2);
        permutations = s.integer("lineage.permutations", 19);
        snapshots = Math.max(1, steps / 100); // paths drawn from about 100 snapshots; tests at `times` of them
        if (steps % times != 0 || (steps / times) % snapshots != 0) {
            throw new ConfigException("lineage.times", "must divide lineage.steps into whole blocks of " + snapshots + " steps; got "
                    + times + " times for " + steps + " steps");
        }
    }

    @Override
    public Outcome run(Context c) {
        double start = c.sde().horizon();
        double end = c.sde().minTime();
        double[][] prior = Arrays2.toMatrix(data.perturbed(c.sde().marginal(start)).sample(n, c.streams().get("lineage/prior")));
        Particles.Score score = Particles.Score.of(data, c.sde());
        int testEvery = steps / times / snapshots;
        Particles.Path sde = Particles.reverse(c.sde(), score, prior, start, end, steps, true, snapshots, c.streams().get("lineage/noise"));
        Particles.Path ode = Particles.reverse(c.sde(), score, prior, start, end, steps, false, snapshots, null);
        SplittableRandom random = new SplittableRandom(c.streams().get("lineage/permutations").integers(1, Integer.MAX_VALUE)[0]);
        double minBetween = 1;
        double minSdeExact = 1;
        double minOdeExact = 1;
        double[] t = sde.times();
        double[] separation = new double[t.length];
        for (int k = 0; k < t.length; k++) {
            double[][] a = sde.states().get(k);
            double[][] b = ode.states().get(k);
            double sq = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < a[i].length; j++) sq += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]) / n;
            separation[k] = Math.sqrt(sq);
            if (k == 0 || k % testEvery != 0) continue; // both start from the same points
            double[][] exact = Arrays2.toMatrix(data.perturbed(c.sde().marginal(t[k])).sample(n, c.streams().get("lineage/exact")));
            minBetween = Math.min(minBetween, TwoSampleDistances.energyPermutationPValue(a, b, permutations, random));
            minSdeExact = Math.min(minSdeExact, TwoSampleDistances.energyPermutationPValue(a, exact, permutations, random));
            minOdeExact = Math.min(minOdeExact, TwoSampleDistances.energyPermutationPValue(b, exact, permutations, random));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("tested_times", (double) times);
        metrics.put("min_pvalue_sde_vs_ode", minBetween);
        metrics.put("min_pvalue_sde_vs_exact", minSdeExact);
        metrics.put("min_pvalue_ode_vs_exact", minOdeExact);
        metrics.put("path_rms_separation_final", separation[t.length - 1]);
        Figure paths = Figure.lines("paths", "six paths from the same starting points: reverse SDE vs probability-flow ODE", "t", "x0", false);
        for (int i = 0; i < Math.min(6, n); i++) {
            paths.with("SDE " + i, t, coordinate(sde, i)).with("ODE " + i, t, coordinate(ode, i));
        }
        return new Outcome(metrics, List.of(paths,
                Figure.lines("separation", "RMS distance between SDE and ODE paths", "t", "RMS |x_SDE - x_ODE|", false).with("separation",
                        t, separation),
                Figure.points("endpoints", "end points at t = eps", "x0", "x1")
                        .withPoints("reverse SDE", sde.states().get(t.length - 1)).withPoints("probability-flow ODE", ode.states()
                                .get(t.length - 1))));
    }

    private static double[] coordinate(Particles.Path path, int particle) {
        return path.states().stream().mapToDouble(x -> x[particle][0]).toArray();
    }
}
