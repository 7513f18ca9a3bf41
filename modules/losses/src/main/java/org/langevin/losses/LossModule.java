package org.langevin.losses;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import java.util.List;
import org.langevin.core.Factories.LossFactory;

/** Registers the losses by their {@code loss.type} name. */
public final class LossModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, LossFactory> losses = MapBinder.newMapBinder(binder(), String.class, LossFactory.class);
        losses.addBinding("dsm").toInstance((s, sde) -> {
            s.choice("loss.weighting", List.of("sigma2"));
            return new DenoisingScoreMatching(sde, s.number("loss.eps", Double.MIN_VALUE, sde.horizon() / 2));
        });
    }
}
