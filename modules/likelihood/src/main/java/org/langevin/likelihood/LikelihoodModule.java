package org.langevin.likelihood;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.Descriptor;
import org.langevin.core.Factories.LikelihoodFactory;
import org.langevin.core.LikelihoodEstimator;
import org.langevin.core.Registry;
import org.langevin.core.Sde;
import org.langevin.core.Settings;
import org.langevin.likelihood.ProbabilityFlowLikelihood.Divergence;
import org.langevin.likelihood.ProbabilityFlowLikelihood.Probe;
import org.langevin.likelihood.ProbabilityFlowLikelihood.Solver;

/** The likelihood's ODE solvers, one registration each; every likelihood key is in likelihood.yaml. */
public final class LikelihoodModule extends AbstractModule {
    /** Every solver of the probability-flow ODE by its {@code likelihood.type} name. */
    public static Registry<LikelihoodFactory> registry() {
        Registry<LikelihoodFactory> registry = new Registry<>("likelihood.type", "likelihood.yaml", LikelihoodModule.class);
        for (Solver solver : Solver.values()) {
            registry.add(Descriptor.of(solver.name().toLowerCase(Locale.ROOT), solver.summary()).nfe(solver == Solver.DOPRI5 ? 0
                    : solver == Solver.HEUN ? 2 : 4),
                    (s, sde, data) -> dequantized(s, data, new ProbabilityFlowLikelihood(sde,
                            s.option("likelihood.divergence", Divergence.class),
                            s.option("likelihood.probe", Probe.class),
                            s.integer("likelihood.probes", 1),
                            new ProbabilityFlowLikelihood.Options(solver, s.positive("likelihood.rtol"), s.positive("likelihood.atol"),
                                    s.integer("likelihood.steps", 1), s.number("likelihood.eps", Double.MIN_VALUE, sde.horizon() / 2),
                                    s.integer("likelihood.batch_size", 1)),
                            prior(s, sde, data))));
        }
        return registry;
    }

    @Provides
    @Singleton // one registry per process: every lookup sees the same members
    Registry<LikelihoodFactory> likelihoods() {
        return registry();
    }

    /**
     * likelihood.levels ≥ 2: discrete data on a grid of that many levels over likelihood.range, uniformly dequantized;
     * auto: the pixel levels of image and clip data, continuous otherwise.
     */
    private static LikelihoodEstimator dequantized(Settings s, Dataset data, ProbabilityFlowLikelihood continuous) {
        if (s.isAuto("likelihood.levels")) {
            return data.grid().<LikelihoodEstimator>map(g -> new DequantizedLikelihood(continuous, g.spacing())).orElse(continuous);
        }
        int levels = s.integer("likelihood.levels", 0);
        if (levels == 0) return continuous;
        if (levels == 1) throw new ConfigException("likelihood.levels", "must be 0 (continuous data) or at least 2, got 1");
        double[] range = s.vector("likelihood.range");
        if (range.length != 2 || !(range[1] > range[0])) {
            throw new ConfigException("likelihood.range", "must be [lo, hi] with lo < hi, got " + Arrays.toString(range));
        }
        return new DequantizedLikelihood(continuous, (range[1] - range[0]) / (levels - 1));
    }

    private static final int MOMENT_MATCHED_MAX_DIM = 2048;

    /** likelihood.prior: the SDE's own N(0, s_T² I), or the Gaussian moment-matched to the training data at T. */
    private static ProbabilityFlowLikelihood.Prior prior(Settings s, Sde sde, Dataset data) {
        if (s.choice("likelihood.prior", List.of("sde", "moment_matched")).equals("sde")) return sde::priorLogDensity;
        if (data.dim() > MOMENT_MATCHED_MAX_DIM && s.flag("likelihood.enabled")) {
            throw new ConfigException("likelihood.prior", "moment_matched needs the data's " + data.dim() + " × " + data.dim()
                    + " covariance and its eigendecomposition (at most " + MOMENT_MATCHED_MAX_DIM
                            + " dimensions): use likelihood.prior: sde, or likelihood.enabled: false");
        }
        // built on first use: a run that never evaluates the likelihood never pays for the D × D covariance
        AtomicReference<ProbabilityFlowLikelihood.Prior> built = new AtomicReference<>();
        return xT -> built.updateAndGet(p -> p != null ? p : momentMatched(sde, data)).logDensity(xT);
    }

    /**
     * The sample covariance Σ_ij = Σ_rows (x_i − μ_i)(x_j − μ_j)/(n − 1), accumulated row by row over the upper triangle
     * and mirrored: the same additions in the same order as over the full matrix (a product of doubles is commutative),
     * so the same bits, in half the time.
     */
    static double[][] covariance(double[][] x, double[] mean) {
        int d = mean.length;
        double[][] cov = new double[d][d];
        double[] centred = new double[d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) centred[i] = row[i] - mean[i];
            for (int i = 0; i < d; i++) {
                double ci = centred[i];
                double[] out = cov[i];
                for (int j = i; j < d; j++) out[j] += ci * centred[j] / (x.length - 1);
            }
        }
        for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) cov[i][j] = cov[j][i];
        return cov;
    }

    private static ProbabilityFlowLikelihood.Prior momentMatched(Sde sde, Dataset data) {
        double[][] x = Arrays2.toMatrix(data.train());
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) for (int i = 0; i < d; i++) mean[i] += row[i] / x.length;
        double[][] cov = covariance(x, mean);
        for (int i = 0; i < d; i++) cov[i][i] += 1e-9 * (1 + cov[i][i]); // keeps degenerate data positive definite
        return ProbabilityFlowLikelihood.momentMatched(sde, mean, cov);
    }
}
