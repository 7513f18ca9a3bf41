package org.langevin.lineage;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.langevin.core.Descriptor;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Registry;

/** The lineage experiments, one registration each, in the order the physics developed; their keys are in lineage.yaml. */
public final class LineageModule extends AbstractModule {
    /** Every lineage experiment by its {@code lineage.type} name (empty: train and evaluate instead). */
    public static Registry<LineageExperiment.Factory> registry() {
        return new Registry<LineageExperiment.Factory>("lineage.type", "lineage.yaml", LineageModule.class)
                .add(Descriptor.of("einstein", "Einstein 1905: the mean squared displacement of Brownian particles grows as 2Ddt").withFragment()
                                .needs(Need.FREE_DIFFUSION),
                        EinsteinDiffusion::new)
                .add(Descriptor.of("fokker_planck", "Fokker–Planck: simulated particles follow the exact marginal p_t")
                        .needs(Need.MIXTURE_LAW), FokkerPlanckCheck::new)
                .add(Descriptor.of("boltzmann", "Boltzmann: Langevin dynamics samples exp(−U/kT)/Z").withFragment(), BoltzmannSampling::new)
                .add(Descriptor.of("h_theorem", "the H-theorem: KL(p_t ‖ p_eq) never increases").needs(Need.MIXTURE_LAW), HTheorem::new)
                .add(Descriptor.of("reverse_sde", "Anderson 1982: the reverse-time SDE with the score recovers the data")
                        .needs(Need.MIXTURE_LAW), ReverseTimeSde::new)
                .add(Descriptor.of("stein", "Stein's identity E[A_p φ] = 0 and the kernel Stein discrepancy").withFragment()
                        .needs(Need.MIXTURE_LAW), SteinIdentity::new)
                .add(Descriptor.of("flow_vs_diffusion", "the probability-flow ODE has the reverse SDE's marginals").needs(Need.MIXTURE_LAW),
                        FlowVersusDiffusion::new);
    }

    @Provides
    @Singleton // one registry per process: every lookup sees the same members
    Registry<LineageExperiment.Factory> lineages() {
        return registry();
    }
}
