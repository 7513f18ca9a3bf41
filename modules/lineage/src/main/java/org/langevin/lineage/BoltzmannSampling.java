package org.langevin.lineage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.Sde;
import org.langevin.core.Settings;
import org.langevin.samplers.LangevinMcmcSampler;

/**
 * The Langevin equation dx = −∇U dt + √(2kT) dW has the Boltzmann law exp(−U/kT)/Z as its equilibrium. Long runs of
 * the unadjusted Langevin algorithm (ULA) and of MALA, {@code lineage.particles} independent chains of
 * {@code lineage.steps} steps of size {@code lineage.step_size}, are compared with that law at each temperature of
 * {@code lineage.temperatures}, Z by quadrature: total variation of the histogram (beside the floor of as many exact
 * draws), and the mean energy ⟨U⟩. The chains at the first temperature are also compared with the law at the second.
 */
final class BoltzmannSampling implements LineageExperiment {
    private final Potential potential;
    private final int n;
    private final int steps;
    private final double h;
    private final int bins;
    private final double[] temperatures;

    BoltzmannSampling(Settings s, Sde sde, Dataset dataset) {
        potential = s.option("lineage.potential", Potential.class);
        n = s.integer("lineage.particles", 2);
        steps = s.integer("lineage.steps", 1);
        h = s.positive("lineage.step_size");
        bins = s.integer("lineage.bins", 2);
        temperatures = s.vector("lineage.temperatures");
        if (temperatures.length != 2) throw new ConfigException("lineage.temperatures", "give two temperatures kT, e.g. [1.0, 2.0]");
    }

    @Override
    public Outcome run(Context c) {
        PotentialScore score = new PotentialScore(potential);
        Map<String, Double> metrics = new LinkedHashMap<>();
        Figure figure = Figure.lines("boltzmann", "Langevin samples vs exp(-U/kT)/Z (" + potential.name().toLowerCase(Locale.ROOT) + ", x0 marginal)",
                "x0", "density", false);
        double[][][] malaChains = new double[2][][];
        BinnedDensity[] laws = new BinnedDensity[2];
        for (int k = 0; k < 2; k++) {
            double kT = temperatures[k];
            String tag = "kT" + trim(kT);
            laws[k] = new BinnedDensity(-potential.box, potential.box, bins, potential.dim, x -> scaled(score.logDensity(x), 1 / kT));
            BinnedDensity law = laws[k];
            double exactEnergy = law.expectation(x -> scaled(score.logDensity(x), -1));
            metrics.put("energy_exact_" + tag, exactEnergy);
            metrics.put("tv_floor_" + tag, law.totalVariation(law.sample(n, c.streams().get("lineage/exact-" + tag))));
            for (boolean metropolis : new boolean[] {false, true}) {
                String name = metropolis ? "mala" : "ula";
                LangevinMcmcSampler sampler = new LangevinMcmcSampler(c.sde(), steps, h, kT, metropolis, c.sde().minTime(), n);
                double[][] x = Arrays2.toMatrix(sampler.sample(score, n, potential.dim, c.streams()).samples());
                if (metropolis) malaChains[k] = x;
                metrics.put("tv_" + name + "_" + tag, law.totalVariation(x));
                metrics.put("energy_" + name + "_" + tag, -Arrays2.mean(score.logDensity(x)));
                double[][] hist = law.histogram(x);
                figure.with(name + ", " + tag, hist[0], hist[1]);
            }
            double[][] exact = law.marginal();
            figure.with("exp(-U/kT)/Z, " + tag, exact[0], exact[1]);
        }
        metrics.put("tv_mala_kT" + trim(temperatures[0]) + "_vs_law_kT" + trim(temperatures[1]), laws[1].totalVariation(malaChains[0]));
        return new Outcome(metrics, List.of(figure));
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * factor;
        return out;
    }

    static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
