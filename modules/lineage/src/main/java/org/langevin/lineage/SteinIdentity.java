package org.langevin.lineage;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Sde;
import org.langevin.core.Settings;
import org.langevin.losses.KernelSteinDiscrepancy;

/**
 * Stein's identity: E_p[s_p(x)·φ(x) + ∇·φ(x)] = 0 for every smooth φ when s_p = ∇log p, and not for another score.
 * Checked for four test functions on {@code lineage.particles} draws of the data, as z-scores, with the true score and
 * with the score of N(0, I). The kernel Stein discrepancy (IMQ kernel, V-statistic) of n true samples falls as
 * E_p[u(x, x)]/n = (E|s|² + d/h²)/n: its log-log slope against n is −1; with the wrong score it stays put.
 */
final class SteinIdentity implements LineageExperiment {
    private final GaussianMixture data;
    private final int n;
    private final double h;
    private final int repeats;

    SteinIdentity(Settings s, Sde sde, Dataset dataset) {
        data = LineageExperiment.mixture(dataset, "Stein's identity with the exact score");
        if (data.dim() < 2) throw new ConfigException("data.type", "the Stein check uses data of dimension 2 or more");
        n = s.integer("lineage.particles", 2);
        h = s.positive("lineage.bandwidth");
        repeats = s.integer("lineage.repeats", 2);
    }

    /** A vector field φ and its divergence ∇·φ. */
    private record TestFunction(String name, BiConsumer<double[], double[]> phi, ToDoubleFunction<double[]> divergence) {}

    private static final List<TestFunction> FUNCTIONS = List.of(
            new TestFunction("identity", (x, out) -> System.arraycopy(x, 0, out, 0, x.length), x -> x.length),
            new TestFunction("tanh", (x, out) -> {
                Arrays.fill(out, 0);
                out[0] = Math.tanh(x[0]);
            }, x -> 1 - Math.tanh(x[0]) * Math.tanh(x[0])),
            new TestFunction("sine", (x, out) -> {
                double v = Math.sin(0.7 * x[0] - 0.3 * x[x.length - 1]);
                Arrays.fill(out, 0);
                out[0] = v;
            }, x -> 0.7 * Math.cos(0.7 * x[0] - 0.3 * x[x.length - 1])),
            new TestFunction("gaussian_bump", (x, out) -> {
                double e = Math.exp(-dot(x, x) / 8);
                for (int j = 0; j < x.length; j++) out[j] = e * x[j];
            }, x -> Math.exp(-dot(x, x) / 8) * (x.length - dot(x, x) / 4)));

    @Override
    public Outcome run(Context c) {
        double[][] x = Arrays2.toMatrix(data.sample(n, c.streams().get("lineage/data")));
        double[][] trueScore = data.score(x);
        double[][] wrongScore = new double[n][];
        for (int i = 0; i < n; i++) wrongScore[i] = Arrays.stream(x[i]).map(v -> -v).toArray(); // N(0, I)

        Map<String, Double> metrics = new LinkedHashMap<>();
        double maxTrue = 0;
        double minWrong = Double.POSITIVE_INFINITY;
        for (TestFunction f : FUNCTIONS) {
            double zTrue = zScore(f, x, trueScore);
            double zWrong = zScore(f, x, wrongScore);
            metrics.put("stein_z_" + f.name() + "_true_score", zTrue);
            metrics.put("stein_z_" + f.name() + "_wrong_score", zWrong);
            maxTrue = Math.max(maxTrue, Math.abs(zTrue));
            minWrong = Math.min(minWrong, Math.abs(zWrong));
        }
        metrics.put("stein_max_abs_z_true_score", maxTrue);
        metrics.put("stein_min_abs_z_wrong_score", minWrong);

        int[] sizes = {50, 100, 200, 400, 800};
        double[] logN = new double[sizes.length];
        double[] ksdTrue = new double[sizes.length];
        double[] ksdWrong = new double[sizes.length];
        double meanSquaredScore = 0;
        for (double[] r : trueScore) meanSquaredScore += dot(r, r) / n;
        for (int k = 0; k < sizes.length; k++) {
            logN[k] = Math.log(sizes[k]);
            for (int r = 0; r < repeats; r++) {
                double[][] sample = Arrays2.toMatrix(data.sample(sizes[k], c.streams().get("lineage/ksd")));
                double[][] wrong = new double[sample.length][];
                for (int i = 0; i < sample.length; i++) wrong[i] = Arrays.stream(sample[i]).map(v -> -v).toArray();
                ksdTrue[k] += KernelSteinDiscrepancy.vStatistic(KernelSteinDiscrepancy.Kernel.IMQ, h, sample, data.score(sample)) / repeats;
                ksdWrong[k] += KernelSteinDiscrepancy.vStatistic(KernelSteinDiscrepancy.Kernel.IMQ, h, sample, wrong) / repeats;
            }
        }
        metrics.put("ksd_loglog_slope_true_score", slope(logN, log(ksdTrue)));
        metrics.put("ksd_loglog_slope_wrong_score", slope(logN, log(ksdWrong)));
        double constant = 0;
        for (int k = 0; k < sizes.length; k++) constant += sizes[k] * ksdTrue[k] / sizes.length;
        metrics.put("ksd_n_times_v_true_score", constant);
        metrics.put("ksd_n_times_v_theory", meanSquaredScore + data.dim() / (h * h));
        double[] theory = new double[sizes.length];
        double[] n1 = new double[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            n1[k] = sizes[k];
            theory[k] = (meanSquaredScore + data.dim() / (h * h)) / sizes[k];
        }
        return new Outcome(metrics, List.of(Figure.lines("ksd", "kernel Stein discrepancy (V-statistic) of n samples of p", "n", "KSD²", true)
                .with("true score", n1, ksdTrue).with("score of N(0, I)", n1, ksdWrong).with("(E|s|² + d/h²)/n", n1, theory)));
    }

    /** Mean of s·φ + ∇·φ over the points divided by its standard error. */
    private static double zScore(TestFunction f, double[][] x, double[][] s) {
        double[] values = new double[x.length];
        double[] phi = new double[x[0].length];
        for (int i = 0; i < x.length; i++) {
            f.phi().accept(x[i], phi);
            values[i] = dot(s[i], phi) + f.divergence().applyAsDouble(x[i]);
        }
        return Arrays2.mean(values) / Arrays2.stderr(values);
    }

    private static double dot(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d += a[i] * b[i];
        return d;
    }

    private static double[] log(double[] v) {
        return Arrays.stream(v).map(Math::log).toArray();
    }

    /** Least-squares slope of y on x. */
    static double slope(double[] x, double[] y) {
        double mx = Arrays2.mean(x);
        double my = Arrays2.mean(y);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }
}
