package org.langevin.lineage;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/** Registers the lineage experiments by their {@code lineage.type} name, in the order the physics developed. */
public final class LineageModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, LineageExperiment> experiments = MapBinder.newMapBinder(binder(), String.class, LineageExperiment.class);
        experiments.addBinding("einstein").toInstance(new EinsteinDiffusion());
        experiments.addBinding("fokker_planck").toInstance(new FokkerPlanckCheck());
        experiments.addBinding("boltzmann").toInstance(new BoltzmannSampling());
        experiments.addBinding("h_theorem").toInstance(new HTheorem());
        experiments.addBinding("reverse_sde").toInstance(new ReverseTimeSde());
        experiments.addBinding("stein").toInstance(new SteinIdentity());
        experiments.addBinding("flow_vs_diffusion").toInstance(new FlowVersusDiffusion());
    }
}
