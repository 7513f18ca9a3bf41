package org.langevin.samplers;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.langevin.core.ConfigException;
import org.langevin.core.Factories.SamplerFactory;
import org.langevin.core.RungeKutta;
import org.langevin.core.Sde;
import org.langevin.core.Settings;

/** Registers the samplers by their {@code sampler.type} name; shared keys are read by {@link Common}. */
public final class SamplerModule extends AbstractModule {
    private static final Map<String, Predictor> PREDICTORS = Map.of(
            "euler_maruyama", Predictor.EULER_MARUYAMA, "reverse_diffusion", Predictor.REVERSE_DIFFUSION);

    @Override
    protected void configure() {
        MapBinder<String, SamplerFactory> samplers = MapBinder.newMapBinder(binder(), String.class, SamplerFactory.class);
        samplers.addBinding("euler_maruyama").toInstance((s, sde) -> reverseSde(s, sde, Predictor.EULER_MARUYAMA, "none"));
        samplers.addBinding("reverse_diffusion").toInstance((s, sde) -> reverseSde(s, sde, Predictor.REVERSE_DIFFUSION, "none"));
        samplers.addBinding("ancestral").toInstance((s, sde) -> reverseSde(s, sde, ancestral(s), "none"));
        samplers.addBinding("pc").toInstance((s, sde) -> {
            String name = s.choice("sampler.predictor", List.of("euler_maruyama", "reverse_diffusion", "ancestral"));
            return reverseSde(s, sde, name.equals("ancestral") ? ancestral(s) : PREDICTORS.get(name), "langevin");
        });
        samplers.addBinding("ald").toInstance((s, sde) -> {
            Common c = new Common(s, sde);
            if (c.steps < 2) throw new ConfigException("sampler.steps", "ald needs at least 2 noise levels, got " + c.steps);
            return new AnnealedLangevinSampler(sde, c.steps, correctorSteps(s, 2), stepSize(s, 0.5), c.eps, c.chunk, c.denoise);
        });
        for (RungeKutta method : RungeKutta.values()) {
            samplers.addBinding("ode_" + method.name().toLowerCase(Locale.ROOT)).toInstance((s, sde) -> {
                Common c = new Common(s, sde);
                return new ProbabilityFlowSampler(sde, method, c.grid, c.chunk, c.denoise);
            });
        }
        samplers.addBinding("ode_dopri5").toInstance((s, sde) -> {
            Common c = new Common(s, sde);
            return new AdaptiveProbabilityFlowSampler(sde, s.positive("sampler.rtol"), s.positive("sampler.atol"), c.eps, c.chunk, c.denoise);
        });
        samplers.addBinding("ddim").toInstance((s, sde) -> {
            Common c = new Common(s, sde);
            return new DdimSampler(sde, s.number("sampler.eta", 0, 1), c.grid, c.chunk, c.denoise);
        });
        samplers.addBinding("dpmpp_2m").toInstance((s, sde) -> {
            Common c = new Common(s, sde);
            return new DpmSolverPlusPlus2M(sde, c.grid, c.chunk, c.denoise);
        });
        samplers.addBinding("edm_heun").toInstance((s, sde) -> {
            Common c = new Common(s, sde);
            return new EdmHeunSampler(sde, s.number("sampler.s_churn", 0, Double.POSITIVE_INFINITY), s.number("sampler.s_noise", 0, 10),
                    c.grid, c.chunk, c.denoise);
        });
        samplers.addBinding("langevin_mcmc").toInstance((s, sde) -> mcmc(s, sde, false));
        samplers.addBinding("mala").toInstance((s, sde) -> mcmc(s, sde, true));
    }

    /** The keys every time-stepping sampler reads, and the time grid from T to eps they define. */
    private static final class Common {
        final int steps;
        final double eps;
        final double[] grid;
        final int chunk;
        final boolean denoise;

        Common(Settings s, Sde sde) {
            steps = s.integer("sampler.steps", 1);
            eps = s.isAuto("sampler.eps") ? sde.minTime() : s.number("sampler.eps", Double.MIN_VALUE, sde.horizon() / 2);
            TimeSchedule schedule = s.option("sampler.schedule", TimeSchedule.class);
            grid = schedule.times(sde, steps, eps, s.positive("sampler.rho"));
            chunk = s.integer("sampler.batch_size", 1);
            denoise = s.flag("sampler.denoise");
        }
    }

    private static ReverseSdeSampler reverseSde(Settings s, Sde sde, Predictor predictor, String defaultCorrector) {
        Common c = new Common(s, sde);
        String corrector = s.isAuto("sampler.corrector") ? defaultCorrector : s.choice("sampler.corrector", List.of("none", "langevin"));
        LangevinCorrector langevin = corrector.equals("langevin")
                ? new LangevinCorrector(s.positive("sampler.snr"), correctorSteps(s, 1)) : null;
        return new ReverseSdeSampler(sde, predictor, langevin, c.grid, c.chunk, c.denoise);
    }

    private static Predictor ancestral(Settings s) {
        String sde = s.string("sde.type");
        if (!sde.equals("vp") && !sde.equals("ve")) {
            throw new ConfigException("sampler.type", "ancestral sampling is defined for sde.type vp or ve, not '" + sde + "'");
        }
        return Predictor.ancestral(sde.equals("ve"));
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
