package org.langevin.lineage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.Sde;
import org.langevin.core.Settings;

/**
 * Einstein (1905): particles in Brownian motion dx = √(2D) dW spread so that the mean squared displacement grows
 * linearly, E|x_t − x_0|² = 2 D d t. Simulates {@code lineage.particles} particles in {@code lineage.dim} dimensions
 * and fits the slope through the origin, per particle (so its standard error is the spread across particles).
 */
final class EinsteinDiffusion implements LineageExperiment {
    private final int n;
    private final int dim;
    private final int steps;

    EinsteinDiffusion(Settings s, Sde sde, Dataset dataset) {
        if (sde.driftCoefficient(0.5 * sde.horizon()) != 0) {
            throw new ConfigException("sde.type", "the Einstein relation E|x_t - x_0|² = 2Ddt is for free diffusion, an SDE without drift");
        }
        n = s.integer("lineage.particles", 2);
        dim = s.integer("lineage.dim", 1);
        steps = s.integer("lineage.steps", 10);
    }

    @Override
    public Outcome run(Context c) {
        Sde sde = c.sde();
        double diffusionConstant = 0.5 * sde.diffusion(0) * sde.diffusion(0); // g = √(2D)
        Particles.Path path = Particles.forward(sde, new double[n][dim], 0, sde.horizon(), steps, steps / 20, c.streams().get("lineage/noise"));
        double[] t = path.times();
        double[] msd = new double[t.length];
        double[] perParticle = new double[n]; // least-squares slope through the origin of |x_i(t)|² against t
        double tt = 0;
        for (int k = 1; k < t.length; k++) tt += t[k] * t[k];
        for (int k = 1; k < t.length; k++) {
            double[][] x = path.states().get(k);
            for (int i = 0; i < n; i++) {
                double r2 = 0;
                for (double v : x[i]) r2 += v * v;
                msd[k] += r2 / n;
                perParticle[i] += t[k] * r2 / tt;
            }
        }
        double slope = Arrays2.mean(perParticle);
        double theory = 2 * diffusionConstant * dim;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("msd_slope", slope);
        metrics.put("msd_slope_stderr", Arrays2.stderr(perParticle));
        metrics.put("msd_slope_theory", theory);
        metrics.put("msd_slope_relative_error", slope / theory - 1);
        metrics.put("diffusion_coefficient_estimate", slope / (2 * dim));
        double[] line = new double[t.length];
        for (int k = 0; k < t.length; k++) line[k] = theory * t[k];
        return new Outcome(metrics, List.of(
                Figure.lines("msd", "mean squared displacement (Einstein 1905)", "t", "E|x_t - x_0|²", false)
                        .with("simulated, " + n + " particles", t, msd).with("2 D d t", t, line),
                Figure.points("particles", "particles at t = T", "x0", "x1").withPoints("particles", path.states().get(t.length - 1))));
    }
}
