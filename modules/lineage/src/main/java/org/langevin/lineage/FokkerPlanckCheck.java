package org.langevin.lineage;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Sde;
import org.langevin.core.Settings;

/**
 * The Fokker–Planck equation ∂p/∂t = −∇·(a x p) + ½ g² Δp of a linear SDE maps a Gaussian mixture to the mixture with
 * means m(t) μ and covariances m(t)² Σ + σ(t)² I. Particles drawn from the data and moved by Euler–Maruyama must have
 * that density at every time: their histogram's total variation from the exact bin masses is compared with that of
 * as many exact draws of p_t (the finite-sample floor).
 */
final class FokkerPlanckCheck implements LineageExperiment {
    private final GaussianMixture data;
    private final int n;
    private final int steps;
    private final int bins;

    FokkerPlanckCheck(Settings s, Sde sde, Dataset dataset) {
        data = LineageExperiment.mixture(dataset, "the Fokker–Planck check");
        if (data.dim() != 2) throw new ConfigException("data.type", "the Fokker–Planck check bins 2-D data, got dimension " + data.dim());
        n = s.integer("lineage.particles", 2);
        steps = s.integer("lineage.steps", 10);
        bins = s.integer("lineage.bins", 2);
    }

    @Override
    public Outcome run(Context c) {
        double[][] x0 = Arrays2.toMatrix(data.sample(n, c.streams().get("lineage/data")));
        Particles.Path path = Particles.forward(c.sde(), x0, 0, c.sde().horizon(), steps, steps / 10, c.streams().get("lineage/noise"));
        double[] t = path.times();
        double[] tvSimulated = new double[t.length];
        double[] tvExact = new double[t.length];
        for (int k = 0; k < t.length; k++) {
            GaussianMixture pt = t[k] == 0 ? data : data.perturbed(c.sde().marginal(t[k]));
            double box = boxFor(pt);
            BinnedDensity exact = new BinnedDensity(-box, box, bins, 2, pt::logDensity);
            tvSimulated[k] = exact.totalVariation(path.states().get(k));
            tvExact[k] = exact.totalVariation(Arrays2.toMatrix(pt.sample(n, c.streams().get("lineage/exact"))));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("tv_max", Arrays.stream(tvSimulated).max().orElseThrow());
        metrics.put("tv_floor_max", Arrays.stream(tvExact).max().orElseThrow());
        double excess = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < t.length; k++) excess = Math.max(excess, tvSimulated[k] - tvExact[k]);
        metrics.put("tv_excess_max", excess);
        return new Outcome(metrics, List.of(
                Figure.lines("total_variation", "histogram of simulated particles vs the Fokker–Planck marginal p_t", "t", "total variation", false)
                        .with("Euler–Maruyama particles", t, tvSimulated).with("exact draws of p_t (floor)", t, tvExact),
                Figure.points("particles", "particles at t = 0 and t = T", "x0", "x1")
                        .withPoints("t = 0", path.states().get(0)).withPoints("t = T", path.states().get(t.length - 1))));
    }

    /** Half-width of a box holding the mixture with room to spare: max |mean| + 5 std. */
    static double boxFor(GaussianMixture m) {
        double box = 0;
        for (int j = 0; j < m.components(); j++) {
            double maxMean = Arrays.stream(m.mean(j)).map(Math::abs).max().orElse(0);
            double[][] cov = m.covariance(j);
            double maxVar = 0;
            for (int i = 0; i < cov.length; i++) maxVar = Math.max(maxVar, cov[i][i]);
            box = Math.max(box, maxMean + 5 * Math.sqrt(maxVar));
        }
        return box;
    }
}
