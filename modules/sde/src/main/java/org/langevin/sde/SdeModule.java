package org.langevin.sde;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import org.langevin.core.Factories.SdeFactory;

/** Registers the SDE families by their {@code sde.type} name. */
public final class SdeModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, SdeFactory> sdes = MapBinder.newMapBinder(binder(), String.class, SdeFactory.class);
        sdes.addBinding("vp").toInstance(s -> {
            double betaMin = s.positive("sde.beta_min");
            double betaMax = s.number("sde.beta_max", betaMin, Double.POSITIVE_INFINITY);
            if (betaMax == betaMin) throw new org.langevin.core.ConfigException("sde.beta_max", "must be greater than sde.beta_min (" + betaMin + ")");
            return new VpSde(betaMin, betaMax);
        });
    }
}
