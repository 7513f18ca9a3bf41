package org.langevin.losses;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import org.langevin.core.ConfigException;
import org.langevin.core.Factories.LossFactory;
import org.langevin.core.Settings;
import org.langevin.core.Sde;

/** Registers the losses by their {@code loss.type} name. */
public final class LossModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, LossFactory> losses = MapBinder.newMapBinder(binder(), String.class, LossFactory.class);
        losses.addBinding("dsm").toInstance((s, sde) -> new DenoisingScoreMatching(levels(s, sde)));
        losses.addBinding("ssm").toInstance((s, sde) -> sliced(s, sde, false));
        losses.addBinding("ssm_vr").toInstance((s, sde) -> sliced(s, sde, true));
        losses.addBinding("esm").toInstance((s, sde) -> new ExactScoreMatching(levels(s, sde)));
        losses.addBinding("ksd").toInstance((s, sde) -> new KernelSteinDiscrepancy(levels(s, sde),
                s.option("loss.kernel", KernelSteinDiscrepancy.Kernel.class),
                s.isAuto("loss.bandwidth") ? Double.NaN : s.positive("loss.bandwidth"), groups(s)));
    }

    /** KSD's U-statistic needs two points per noise level. */
    private static int groups(Settings s) {
        int groups = s.integer("loss.groups", 1);
        int batch = s.integer("train.batch_size", 1);
        if (batch / groups < 2) {
            throw new ConfigException("loss.groups", "each of the " + groups + " groups needs at least 2 of the train.batch_size " + batch + " points");
        }
        return groups;
    }

    private static SlicedScoreMatching sliced(Settings s, Sde sde, boolean varianceReduced) {
        return new SlicedScoreMatching(levels(s, sde), s.integer("loss.projections", 1),
                s.option("loss.projection", SlicedScoreMatching.Projection.class),
                varianceReduced, s.positive("loss.fd_step"));
    }

    static NoiseLevels levels(Settings s, Sde sde) {
        NoiseLevels.Weighting weighting = s.option("loss.weighting", NoiseLevels.Weighting.class);
        boolean importance = s.choice("loss.t_sampling", java.util.List.of("uniform", "importance")).equals("importance");
        return new NoiseLevels(sde, s.number("loss.eps", Double.MIN_VALUE, sde.horizon() / 2), weighting, importance);
    }
}
