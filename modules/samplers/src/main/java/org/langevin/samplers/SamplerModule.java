package org.langevin.samplers;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.langevin.core.ConfigException;
import org.langevin.core.Descriptor;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Factories.SamplerFactory;
import org.langevin.core.Registry;
import org.langevin.core.RungeKutta;
import org.langevin.core.SampleChunks;
import org.langevin.core.Sde;
import org.langevin.core.Settings;

/** The samplers, one registration each; the keys they share are read by {@link Common}. */
public final class SamplerModule extends AbstractModule {
    /** The corrector choices of the predictor–corrector samplers: none, unadjusted Langevin, Metropolis-adjusted Langevin. */
    public static final List<String> CORRECTORS = List.of("none", "langevin", "mala");

    private static final Map<String, Predictor> PREDICTORS = Map.of(
            "euler_maruyama", Predictor.EULER_MARUYAMA, "reverse_diffusion", Predictor.REVERSE_DIFFUSION);

    /** Every sampler by its {@code sampler.type} name, with its descriptor; the keys they share are in sampler.yaml. */
    public static Registry<SamplerFactory> registry() {
        return new Registry<SamplerFactory>("sampler.type", "sampler.yaml", SamplerModule.class)
                .add(Descriptor.of("euler_maruyama", "Euler–Maruyama on the reverse SDE").needs(Need.MARGINAL_SCORE),
                        (s, sde) -> reverseSde(s, sde, Predictor.EULER_MARUYAMA, "none"))
                .add(Descriptor.of("reverse_diffusion", "reverses the exact forward discretisation (Song et al. 2021)").needs(Need.MARGINAL_SCORE),
                        (s, sde) -> reverseSde(s, sde, Predictor.REVERSE_DIFFUSION, "none"))
                .add(Descriptor.of("ancestral", "DDPM (vp) / SMLD (ve) ancestral sampling").needs(Need.MARGINAL_SCORE).needs(Need.ANCESTRAL_CHAIN),
                        (s, sde) -> reverseSde(s, sde, Predictor.ancestral(varianceExploding(sde)), "none"))
                .add(Descriptor.of("pc", "a predictor plus a Langevin corrector at every step").needs(Need.MARGINAL_SCORE).nfe(2)
                        .withFragment(), (s, sde) -> {
                    String name = s.choice("sampler.predictor", List.of("euler_maruyama", "reverse_diffusion", "ancestral"));
                    if (name.equals("ancestral") && !sde.ancestralChain()) {
                        throw new ConfigException("sampler.predictor", "ancestral steps the discrete chain of DDPM or SMLD, which sde.type '"
                                + s.string("sde.type") + "' is not the limit of");
                    }
                    return reverseSde(s, sde, name.equals("ancestral") ? Predictor.ancestral(varianceExploding(sde)) : PREDICTORS.get(name),
                            "langevin");
                })
                .add(Descriptor.of("ald", "annealed Langevin dynamics over a geometric noise ladder (Song & Ermon 2019)")
                        .needs(Need.MARGINAL_SCORE).nfe(2), (s, sde) -> {
                    Common c = new Common(s, sde);
                    if (c.steps < 2) throw new ConfigException("sampler.steps", "ald needs at least 2 noise levels, got " + c.steps);
                    return new AnnealedLangevinSampler(sde, c.steps, correctorSteps(s, 2), stepSize(s, 0.5), c.eps, c.chunk, c.denoise);
                })
                .addAll(Arrays.stream(RungeKutta.values()).map(SamplerModule::ode).toList())
                .add(Descriptor.of("ode_dopri5", "adaptive Dormand–Prince 5(4) on the probability-flow ODE").nfe(0).withFragment(), (s, sde) -> {
                    Common c = new Common(s, sde);
                    return new AdaptiveProbabilityFlowSampler(sde, s.positive("sampler.rtol"), s.positive("sampler.atol"), c.eps, c.chunk, c.denoise);
                })
                .add(Descriptor.of("ddim", "DDIM for any linear SDE (Song, Meng & Ermon 2021)").withFragment()
                        .variant("sampler.schedule=logsnr").noisyWhenPositive("sampler.eta"), (s, sde) -> {
                    Common c = new Common(s, sde);
                    return new DdimSampler(sde, s.number("sampler.eta", 0, 1), c.grid, c.chunk, c.denoise);
                })
                .add(Descriptor.of("dpmpp_2m", "DPM-Solver++(2M), second-order multistep in log-SNR (Lu et al. 2022)")
                        .variant("sampler.schedule=logsnr"),
                        (s, sde) -> {
                            Common c = new Common(s, sde);
                            return new DpmSolverPlusPlus2M(sde, c.grid, c.chunk, c.denoise);
                        })
                .add(Descriptor.of("edm_heun", "EDM's Heun sampler with churn (Karras et al. 2022)").nfe(2).withFragment()
                        .variant("sampler.schedule=karras").noisyWhenPositive("sampler.s_churn"),
                        (s, sde) -> {
                            Common c = new Common(s, sde);
                            return new EdmHeunSampler(sde, s.number("sampler.s_churn", 0, Double.POSITIVE_INFINITY),
                                    s.number("sampler.s_noise", 0, 10),
                                    c.grid, c.chunk, c.denoise);
                        })
                .add(Descriptor.of("langevin_mcmc", "unadjusted Langevin Monte Carlo for exp(−U/kT), U = −log p_eps")
                        .needs(Need.MARGINAL_SCORE).needs(Need.EQUILIBRIUM),
                        (s, sde) -> mcmc(s, sde, false))
                .add(Descriptor.of("mala", "Metropolis-adjusted Langevin for exp(−U/kT)").needs(Need.MARGINAL_SCORE).needs(Need.EQUILIBRIUM,
                        Need.LOG_DENSITY),
                        (s, sde) -> mcmc(s, sde, true));
    }

    @Provides
    @Singleton // one registry per process: every lookup sees the same members
    Registry<SamplerFactory> samplers() {
        return registry();
    }

    /** A fixed-step Runge–Kutta method on the probability-flow ODE. */
    private static Registry.Member<SamplerFactory> ode(RungeKutta method) {
        String name = "ode_" + method.name().toLowerCase(Locale.ROOT);
        return new Registry.Member<>(Descriptor.of(name, "fixed-step " + method.name().toLowerCase(Locale.ROOT)
                + " on the probability-flow ODE").nfe(method.stages()),
                (s, sde) -> {
                    Common c = new Common(s, sde);
                    return new ProbabilityFlowSampler(sde, method, c.grid, c.chunk, c.denoise);
                });
    }

    /** Variance exploding: the mean coefficient stays 1 (m(T) = 1), as for ve; vp shrinks it. */
    private static boolean varianceExploding(Sde sde) {
        return sde.marginal(sde.horizon()).meanCoef() == 1.0;
    }

    /** The time grid from T to eps that sampler.steps, eps, schedule and rho define (conditional samplers step on it too). */
    public static double[] grid(Settings s, Sde sde) {
        return new Common(s, sde).grid;
    }

    /** The keys every time-stepping sampler reads, and the time grid from T to eps they define. */
    private static final class Common {
        final int steps;
        final double eps;
        final double[] grid;
        final int chunk;
        final boolean denoise;

        /** The most steps of one sampler: the time grid and its coefficients are arrays of this length. */
        static final int MAX_STEPS = 100_000;

        Common(Settings s, Sde sde) {
            steps = s.integer("sampler.steps", 1);
            if (steps > MAX_STEPS) throw new ConfigException("sampler.steps", "must be at most " + MAX_STEPS
                    + " (the time grid is kept in memory), got " + steps);
            eps = s.isAuto("sampler.eps") ? sde.minTime() : s.number("sampler.eps", Double.MIN_VALUE, sde.horizon() / 2);
            TimeSchedule schedule = s.option("sampler.schedule", TimeSchedule.class);
            grid = schedule.times(sde, steps, eps, s.positive("sampler.rho"));
            chunk = SampleChunks.configured(s);
            denoise = s.flag("sampler.denoise");
        }
    }

    private static ReverseSdeSampler reverseSde(Settings s, Sde sde, Predictor predictor, String defaultCorrector) {
        Common c = new Common(s, sde);
        String corrector = s.isAuto("sampler.corrector") ? defaultCorrector : s.choice("sampler.corrector", CORRECTORS);
        LangevinCorrector langevin = corrector.equals("none")
                ? null : new LangevinCorrector(s.positive("sampler.snr"), correctorSteps(s, 1), corrector.equals("mala"));
        return new ReverseSdeSampler(sde, predictor, langevin, c.grid, c.chunk, c.denoise);
    }

    private static LangevinMcmcSampler mcmc(Settings s, Sde sde, boolean metropolis) {
        Common c = new Common(s, sde);
        return new LangevinMcmcSampler(sde, c.steps, stepSize(s, 0.01), s.positive("sampler.temperature"), metropolis, c.eps, c.chunk);
    }

    private static int correctorSteps(Settings s, int auto) {
        return s.isAuto("sampler.corrector_steps") ? auto : s.integer("sampler.corrector_steps", 1);
    }

    private static double stepSize(Settings s, double auto) {
        return s.isAuto("sampler.step_size") ? auto : s.positive("sampler.step_size");
    }
}
