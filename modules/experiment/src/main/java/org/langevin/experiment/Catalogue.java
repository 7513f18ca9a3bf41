package org.langevin.experiment;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.langevin.core.Factories;
import org.langevin.core.Registry;
import org.langevin.core.Settings;
import org.langevin.data.DataModule;
import org.langevin.likelihood.LikelihoodModule;
import org.langevin.lineage.LineageModule;
import org.langevin.losses.LossModule;
import org.langevin.samplers.SamplerModule;
import org.langevin.score.ScoreModule;
import org.langevin.sde.SdeModule;

/**
 * Every family's members, from the Guice modules that register them: samplers as a {@link Registry} with descriptors and
 * configuration fragments; the other families as a {@code MapBinder} by name.
 */
public final class Catalogue {
    private static final Injector INJECTOR = Guice.createInjector(
            new DataModule(), new SdeModule(), new ScoreModule(), new LossModule(), new SamplerModule(), new LikelihoodModule(),
            new LineageModule());

    private Catalogue() {}

    public static Registry<Factories.SamplerFactory> samplers() {
        return INJECTOR.getInstance(Key.get(new TypeLiteral<Registry<Factories.SamplerFactory>>() {}));
    }

    /** Where registries keep their configuration fragments: the family's shared keys first, then each member's own. */
    record Fragment(Class<?> owner, String resource) {}

    static List<Fragment> fragments() {
        List<Fragment> out = new ArrayList<>();
        for (Registry<?> registry : List.of(samplers())) {
            out.add(new Fragment(registry.owner(), registry.fragment()));
            registry.all().values().forEach(m -> {
                if (m.descriptor().fragment() != null) out.add(new Fragment(registry.owner(), m.descriptor().fragment()));
            });
        }
        return out;
    }

    /** The factory registered under the configured name; an unknown name lists the valid ones. */
    static <T> T pick(Settings s, String key, Class<T> type) {
        Map<String, T> registry = INJECTOR.getInstance(Key.get(mapOf(type)));
        return registry.get(s.choice(key, registry.keySet()));
    }

    @SuppressWarnings("unchecked")
    private static <T> TypeLiteral<Map<String, T>> mapOf(Class<T> type) {
        return (TypeLiteral<Map<String, T>>) TypeLiteral.get(com.google.inject.util.Types.mapOf(String.class, type));
    }
}
