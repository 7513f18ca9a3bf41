package org.langevin.experiment.config;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.ArrayList;
import java.util.List;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Factories;
import org.langevin.core.Registry;
import org.langevin.core.Sde;
import org.langevin.data.DataModule;
import org.langevin.inverse.InverseModule;
import org.langevin.likelihood.LikelihoodModule;
import org.langevin.lineage.LineageExperiment;
import org.langevin.lineage.LineageModule;
import org.langevin.losses.LossModule;
import org.langevin.samplers.SamplerModule;
import org.langevin.score.ScoreModule;
import org.langevin.sde.SdeModule;

/**
 * Every family's registry, from the Guice modules that register their members. Validation, assembly, the studies and
 * the catalogue tests read them; nothing else lists family members.
 */
public final class Catalogue {
    private static final Injector INJECTOR = Guice.createInjector(
            new DataModule(), new SdeModule(), new ScoreModule(), new LossModule(), new SamplerModule(), new LikelihoodModule(),
            new LineageModule(), new InverseModule());

    private Catalogue() {}

    public static Registry<Factories.DataFactory> data() {
        return registry(new TypeLiteral<Registry<Factories.DataFactory>>() {});
    }

    public static Registry<Factories.SdeFactory> sdes() {
        return registry(new TypeLiteral<Registry<Factories.SdeFactory>>() {});
    }

    public static Registry<Factories.ScoreFactory> scores() {
        return registry(new TypeLiteral<Registry<Factories.ScoreFactory>>() {});
    }

    public static Registry<Factories.LossFactory> losses() {
        return registry(new TypeLiteral<Registry<Factories.LossFactory>>() {});
    }

    public static Registry<Factories.SamplerFactory> samplers() {
        return registry(new TypeLiteral<Registry<Factories.SamplerFactory>>() {});
    }

    public static Registry<Factories.LikelihoodFactory> likelihoods() {
        return registry(new TypeLiteral<Registry<Factories.LikelihoodFactory>>() {});
    }

    public static Registry<LineageExperiment.Factory> lineages() {
        return registry(new TypeLiteral<Registry<LineageExperiment.Factory>>() {});
    }

    public static Registry<Factories.OperatorFactory> operators() {
        return registry(new TypeLiteral<Registry<Factories.OperatorFactory>>() {});
    }

    public static Registry<Factories.PosteriorFactory> methods() {
        return registry(new TypeLiteral<Registry<Factories.PosteriorFactory>>() {});
    }

    private static <F> Registry<F> registry(TypeLiteral<Registry<F>> type) {
        return INJECTOR.getInstance(Key.get(type));
    }

    /** Every registry, in the order of the configuration's sections. */
    public static List<Registry<?>> all() {
        return List.of(data(), sdes(), scores(), losses(), samplers(), likelihoods(), lineages(), operators(), methods());
    }

    /** The SDE family of this name at its default settings (a lineage experiment compares families). */
    public static Sde sdeAtDefaults(String name) {
        return sdes().all().get(name).factory().create(ExperimentConfig.load(null, List.of("sde.type=" + name)).settings());
    }

    /** Where a registry keeps a configuration fragment: the family's shared keys, or a member's own. */
    public record Fragment(Class<?> owner, String resource) {}

    public static List<Fragment> fragments() {
        List<Fragment> out = new ArrayList<>();
        for (Registry<?> registry : all()) {
            out.add(new Fragment(registry.owner(), registry.fragment()));
            registry.all().values().forEach(m -> {
                if (m.descriptor().fragment() != null) out.add(new Fragment(registry.owner(), m.descriptor().fragment()));
            });
        }
        return out;
    }

    /**
     * The fixed-step samplers of the probability-flow ODE, from their descriptors: a fixed cost per step, and no reverse-SDE
     * or Langevin move (a sampler with a noise key is deterministic at that key's default 0).
     */
    public static List<String> deterministicSamplers() {
        return samplers().all().values().stream().map(m -> m.descriptor())
                .filter(d -> d.nfePerStep() > 0 && !d.has(Need.MARGINAL_SCORE)).map(d -> d.name()).toList();
    }
}
