package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.core.Registry;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;

/**
 * Walks every registry: each member is a parameter of its family's catalogue test (read from the test's own
 * {@code @MethodSource} factories, so a factory that filters or lists members by hand is caught), has a descriptor with a
 * summary, and its configuration fragment is part of the defaults; every lineage experiment has a committed experiment
 * file (the lineage report runs them all). No member is named here.
 */
class CatalogueCoverageTest {
    /** The catalogue test class of each family, by the family's selector key. */
    private static final Map<String, Class<?>> CATALOGUE_TESTS = Map.of(
            "data.type", DataCatalogueTest.class,
            "sde.type", SdeCatalogueTest.class,
            "score.type", ScoreCatalogueTest.class,
            "loss.type", LossCatalogueTest.class,
            "sampler.type", SamplerCatalogueTest.class,
            "likelihood.type", LikelihoodCatalogueTest.class,
            "inverse.operator", InverseCatalogueTest.class,
            "inverse.method", InverseCatalogueTest.class);

    /** The first argument of every invocation of every parameterized test of {@code test}, from its factories. */
    static Set<String> parameters(Class<?> test) {
        Set<String> out = new HashSet<>();
        for (Method m : test.getDeclaredMethods()) {
            MethodSource source = m.getAnnotation(MethodSource.class);
            if (source == null) continue;
            for (String factory : source.value().length == 0 ? new String[] {m.getName()} : source.value()) {
                try {
                    Method f = test.getDeclaredMethod(factory);
                    f.setAccessible(true);
                    Object made = f.invoke(null);
                    Stream<?> items = made instanceof Stream<?> st ? st : ((Collection<?>) made).stream();
                    items.forEach(a -> out.add(String.valueOf(a instanceof Arguments args ? args.get()[0] : a)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(test.getSimpleName() + "." + factory, e);
                }
            }
        }
        return out;
    }

    /** The lineage.type of every committed file under experiments/lineage/. */
    private static Set<String> lineageFiles() {
        try (Stream<Path> files = Files.list(TestHome.path().resolve("experiments/lineage"))) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .map(f -> String.valueOf(ExperimentConfig.load(f, List.of()).resolved().get("lineage.type"))).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyMemberOfEveryRegistryIsAParameterOfItsCatalogueTest() {
        Set<String> families = new HashSet<>(CATALOGUE_TESTS.keySet());
        families.add("lineage.type");
        assertThat(Catalogue.all()).extracting(Registry::key).containsExactlyInAnyOrderElementsOf(families);
        for (Registry<?> registry : Catalogue.all()) {
            Set<String> covered = registry.key().equals("lineage.type") ? lineageFiles() : parameters(CATALOGUE_TESTS.get(registry.key()));
            assertThat(covered).as(registry.key()).containsAll(registry.all().keySet());
        }
    }

    @Test
    void everyMemberDescribesItselfAndItsKeysAreDefaults() {
        Map<String, Object> defaults = ExperimentConfig.defaults();
        for (Registry<?> registry : Catalogue.all()) {
            assertThat(defaults).as("the selector of %s", registry.key()).containsKey(registry.key());
            for (var member : registry.all().values()) {
                assertThat(member.descriptor().summary()).as(member.descriptor().name()).isNotBlank();
                assertThat(member.descriptor().nfePerStep()).as(member.descriptor().name()).isBetween(0, 10);
                for (List<String> variant : member.descriptor().variants()) {
                    for (String setting : variant) assertThat(defaults).as(setting).containsKey(setting.substring(0, setting.indexOf('=')));
                }
            }
        }
    }
}
