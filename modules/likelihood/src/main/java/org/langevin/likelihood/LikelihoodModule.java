package org.langevin.likelihood;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import java.util.List;
import java.util.Locale;
import org.langevin.core.Factories.LikelihoodFactory;
import org.langevin.likelihood.ProbabilityFlowLikelihood.Divergence;
import org.langevin.likelihood.ProbabilityFlowLikelihood.Probe;

/** Registers likelihood solvers by their {@code likelihood.solver} name. */
public final class LikelihoodModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, LikelihoodFactory> solvers = MapBinder.newMapBinder(binder(), String.class, LikelihoodFactory.class);
        solvers.addBinding("dopri5").toInstance((s, sde) -> new ProbabilityFlowLikelihood(sde,
                Divergence.valueOf(s.choice("likelihood.divergence", List.of("exact", "hutchinson")).toUpperCase(Locale.ROOT)),
                Probe.valueOf(s.choice("likelihood.probe", List.of("rademacher", "gaussian")).toUpperCase(Locale.ROOT)),
                s.integer("likelihood.probes", 1),
                s.positive("likelihood.rtol"),
                s.positive("likelihood.atol"),
                s.number("likelihood.eps", Double.MIN_VALUE, sde.horizon() / 2),
                s.integer("likelihood.batch_size", 1)));
    }
}
