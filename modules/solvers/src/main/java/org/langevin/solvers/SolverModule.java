package org.langevin.solvers;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import org.langevin.core.Factories.SamplerFactory;

/** Registers the samplers by their {@code sampler.type} name. */
public final class SolverModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, SamplerFactory> samplers = MapBinder.newMapBinder(binder(), String.class, SamplerFactory.class);
        samplers.addBinding("euler_maruyama").toInstance((s, sde) ->
                new EulerMaruyamaSampler(sde, s.integer("sampler.steps", 1), s.number("sampler.eps", Double.MIN_VALUE, sde.horizon() / 2)));
    }
}
