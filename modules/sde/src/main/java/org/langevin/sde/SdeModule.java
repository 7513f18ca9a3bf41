package org.langevin.sde;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import org.langevin.core.ConfigException;
import org.langevin.core.Factories.SdeFactory;
import org.langevin.core.Settings;

/** Registers the SDE families by their {@code sde.type} name. */
public final class SdeModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, SdeFactory> sdes = MapBinder.newMapBinder(binder(), String.class, SdeFactory.class);
        sdes.addBinding("vp").toInstance(s -> new VpSde(s.positive("sde.beta_min"), betaMax(s)));
        sdes.addBinding("subvp").toInstance(s -> new SubVpSde(s.positive("sde.beta_min"), betaMax(s)));
        sdes.addBinding("ve").toInstance(s -> new VeSde(sigmaMin(s, 0.01), sigmaMax(s, 0.01, 50)));
        sdes.addBinding("edm").toInstance(s -> new EdmSde(sigmaMin(s, 0.002), sigmaMax(s, 0.002, 80)));
        sdes.addBinding("brownian").toInstance(s -> new BrownianSde(s.positive("sde.diffusion_coefficient"), horizon(s, 50)));
        sdes.addBinding("ou").toInstance(s -> new OrnsteinUhlenbeckSde(s.positive("sde.theta"), s.positive("sde.diffusion_coefficient"),
                horizon(s, 5 / s.positive("sde.theta"))));
    }

    private static double betaMax(Settings s) {
        double betaMax = s.positive("sde.beta_max");
        double betaMin = s.positive("sde.beta_min");
        if (!(betaMax > betaMin)) throw new ConfigException("sde.beta_max", "must be greater than sde.beta_min (" + betaMin + "), got " + betaMax);
        return betaMax;
    }

    private static double sigmaMin(Settings s, double auto) {
        return s.isAuto("sde.sigma_min") ? auto : s.positive("sde.sigma_min");
    }

    private static double sigmaMax(Settings s, double autoMin, double auto) {
        double max = s.isAuto("sde.sigma_max") ? auto : s.positive("sde.sigma_max");
        double min = sigmaMin(s, autoMin);
        if (!(max > min)) throw new ConfigException("sde.sigma_max", "must be greater than sde.sigma_min (" + min + "), got " + max);
        return max;
    }

    private static double horizon(Settings s, double auto) {
        return s.isAuto("sde.horizon") ? auto : s.positive("sde.horizon");
    }
}
