package org.langevin.lineage;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.langevin.core.Arrays2;
import org.langevin.core.Dataset;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sde;
import org.langevin.core.Settings;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Boltzmann's H-theorem for the Fokker–Planck equation: the relative entropy KL(p_t ‖ p_eq) to the equilibrium never
 * increases along the forward process, and for the Ornstein–Uhlenbeck process (curvature θ) it falls at least as fast
 * as e^{−2θt} KL(p_0 ‖ p_eq) (Bakry–Émery). p_t is the exact Gaussian mixture; expectations are Monte Carlo over
 * {@code lineage.particles} draws with common random numbers across times. Also the entropy H[p_t] = −E log p_t of
 * the data under VP (which forgets the data: H → d/2 log 2πe) and VE (which only adds noise: H never decreases).
 */
final class HTheorem implements LineageExperiment {
    private final GaussianMixture data;
    private final int n;
    private final int points;

    HTheorem(Settings s, Sde sde, Dataset dataset) {
        data = LineageExperiment.mixture(dataset, "the H-theorem");
        n = s.integer("lineage.particles", 2);
        points = s.integer("lineage.times", 3);
    }

    @Override
    public Outcome run(Context c) {
        Sde sde = c.sde();
        int dim = data.dim();

        double[] t = new double[points];
        double[] kl = new double[points];
        double[] klStderr = new double[points];
        double[][] logRatio = new double[points][];
        for (int k = 0; k < points; k++) {
            t[k] = sde.horizon() * k / (points - 1);
            GaussianMixture pt = k == 0 ? data : data.perturbed(sde.marginal(t[k]));
            double[][] x = draws(pt, n, c.streams());
            double[] logp = pt.logDensity(x);
            double[] logEquilibrium = sde.priorLogDensity(Arrays2.fromMatrix(x, DataType.DOUBLE)); // N(0, s_T² I)
            logRatio[k] = new double[n];
            for (int i = 0; i < n; i++) logRatio[k][i] = logp[i] - logEquilibrium[i];
            kl[k] = Arrays2.mean(logRatio[k]);
            klStderr[k] = Arrays2.stderr(logRatio[k]);
        }
        int increases = 0;
        double worst = Double.NEGATIVE_INFINITY;
        for (int k = 0; k + 1 < points; k++) {
            double[] diff = new double[n];
            for (int i = 0; i < n; i++) diff[i] = logRatio[k + 1][i] - logRatio[k][i];
            double rise = Arrays2.mean(diff);
            worst = Math.max(worst, rise);
            if (rise > 3 * Arrays2.stderr(diff)) increases++;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("kl_initial", kl[0]);
        metrics.put("kl_final", kl[points - 1]);
        metrics.put("kl_significant_increases", (double) increases);
        metrics.put("kl_largest_step_change", worst);
        Figure klFigure = Figure.lines("kl_to_equilibrium", "H-theorem: KL(p_t || p_eq) along the forward process", "t", "KL (nats)", true)
                .with("KL(p_t || p_eq), Monte Carlo", t, kl);
        double theta = -sde.driftCoefficient(0);
        if (theta > 0 && sde.driftCoefficient(sde.horizon()) == -theta) { // a time-homogeneous OU process: the Bakry–Émery bound
            double[] bound = new double[points];
            int violations = 0;
            for (int k = 0; k < points; k++) {
                bound[k] = Math.exp(-2 * theta * t[k]) * kl[0];
                if (kl[k] > bound[k] + 3 * klStderr[k]) violations++;
            }
            metrics.put("kl_bound_violations", (double) violations);
            klFigure.with("e^{-2θt} KL(p_0 || p_eq)", t, bound);
        }

        // entropy of the data law under VP and VE, at log-spaced times
        double[] te = new double[points];
        double[] hVp = new double[points];
        double[] hVe = new double[points];
        Sde vp = c.family().apply("vp"); // at their default settings
        Sde ve = c.family().apply("ve");
        int veDecreases = 0;
        for (int k = 0; k < points; k++) {
            te[k] = 1e-3 * Math.pow(1e3, (double) k / (points - 1));
            hVp[k] = entropy(data.perturbed(vp.marginal(te[k])), n, c.streams());
            hVe[k] = entropy(data.perturbed(ve.marginal(te[k])), n, c.streams());
            if (k > 0 && hVe[k] < hVe[k - 1]) veDecreases++;
        }
        double gaussian = 0.5 * dim * Math.log(2 * Math.PI * Math.E * vp.marginal(1.0).variance());
        metrics.put("entropy_vp_final", hVp[points - 1]);
        metrics.put("entropy_vp_final_gaussian", gaussian);
        metrics.put("entropy_ve_decreases", (double) veDecreases);
        return new Outcome(metrics, List.of(klFigure,
                Figure.lines("entropy", "entropy H[p_t] of the data under VP and VE", "log10 t", "H (nats)", false)
                        .with("VP", log10(te), hVp).with("VE", log10(te), hVe)
                        .with("d/2 log(2πe σ_T²) (VP at T)", log10(te), filled(points, gaussian))));
    }

    /** Draws of p_t with the same underlying random numbers at every time (a fresh stream from the same seed). */
    private static double[][] draws(GaussianMixture pt, int n, RandomStreams streams) {
        return Arrays2.toMatrix(pt.sample(n, new RandomStreams(streams.masterSeed()).get("lineage/h-theorem")));
    }

    private static double entropy(GaussianMixture pt, int n, RandomStreams streams) {
        return -Arrays2.mean(pt.logDensity(draws(pt, n, streams)));
    }

    private static double[] log10(double[] t) {
        return Arrays.stream(t).map(Math::log10).toArray();
    }

    private static double[] filled(int n, double v) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }
}
