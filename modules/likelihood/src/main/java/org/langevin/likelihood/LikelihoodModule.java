package org.langevin.likelihood;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import java.util.List;
import java.util.Locale;
import org.langevin.core.Factories.LikelihoodFactory;
import org.langevin.likelihood.ProbabilityFlowLikelihood.Divergence;
import org.langevin.likelihood.ProbabilityFlowLikelihood.Probe;
import org.langevin.likelihood.ProbabilityFlowLikelihood.Solver;

/** Registers likelihood solvers by their {@code likelihood.solver} name. */
public final class LikelihoodModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, LikelihoodFactory> solvers = MapBinder.newMapBinder(binder(), String.class, LikelihoodFactory.class);
        for (Solver solver : Solver.values()) {
            solvers.addBinding(solver.name().toLowerCase(Locale.ROOT)).toInstance((s, sde) -> new ProbabilityFlowLikelihood(sde,
                    Divergence.valueOf(s.choice("likelihood.divergence", List.of("exact", "hutchinson")).toUpperCase(Locale.ROOT)),
                    Probe.valueOf(s.choice("likelihood.probe", List.of("rademacher", "gaussian")).toUpperCase(Locale.ROOT)),
                    s.integer("likelihood.probes", 1),
                    new ProbabilityFlowLikelihood.Options(solver, s.positive("likelihood.rtol"), s.positive("likelihood.atol"),
                            s.integer("likelihood.steps", 1), s.number("likelihood.eps", Double.MIN_VALUE, sde.horizon() / 2),
                            s.integer("likelihood.batch_size", 1))));
        }
    }
}
