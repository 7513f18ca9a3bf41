package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.langevin.core.Registry;

/**
 * Walks every registry: each member is covered by its family's catalogue test (which reads the registry too), has a
 * descriptor with a summary, and its configuration fragment is part of the defaults; every lineage experiment has a
 * committed experiment file (the lineage report runs them all). No member is named here.
 */
class CatalogueCoverageTest {
    /** The catalogue test of each family, by the family's selector key. */
    private static final Map<String, Supplier<Set<String>>> COVERED = Map.of(
            "data.type", DataCatalogueTest::covered,
            "sde.type", SdeCatalogueTest::covered,
            "score.type", ScoreCatalogueTest::covered,
            "loss.type", LossCatalogueTest::covered,
            "sampler.type", CatalogueCoverageTest::samplersCovered,
            "likelihood.type", LikelihoodCatalogueTest::covered,
            "lineage.type", CatalogueCoverageTest::lineageFiles,
            "inverse.operator", InverseCatalogueTest::operatorsCovered,
            "inverse.method", InverseCatalogueTest::methodsCovered);

    private static Set<String> samplersCovered() {
        Set<String> covered = new HashSet<>(SamplerCatalogueTest.GENERATIVE);
        covered.addAll(SamplerCatalogueTest.EQUILIBRIUM);
        return covered;
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
    void everyMemberOfEveryRegistryIsCoveredByItsCatalogueTest() {
        assertThat(Catalogue.all()).extracting(Registry::key).containsExactlyInAnyOrderElementsOf(COVERED.keySet());
        for (Registry<?> registry : Catalogue.all()) {
            assertThat(COVERED.get(registry.key()).get()).as(registry.key()).isEqualTo(registry.all().keySet());
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
