package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.langevin.core.Descriptor;
import org.junit.jupiter.api.Test;

/**
 * Walks the sampler registry: every member is covered by the catalogue tests (generative: the two-sample test against
 * exact samples; equilibrium: the Boltzmann-law test), has a descriptor with a summary and a cost, and its configuration
 * fragment is part of the defaults. No member is named here.
 */
class CatalogueCoverageTest {
    @Test
    void everyRegisteredSamplerIsCoveredByTheCatalogueTestsAndTheDefaults() {
        var samplers = Catalogue.samplers().all();
        assertThat(samplers).isNotEmpty();
        Set<String> covered = new java.util.HashSet<>(SamplerCatalogueTest.GENERATIVE);
        covered.addAll(SamplerCatalogueTest.EQUILIBRIUM);
        assertThat(covered).isEqualTo(samplers.keySet());
        Set<String> studied = SamplerCatalogueTest.cases().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        assertThat(studied).containsAll(SamplerCatalogueTest.GENERATIVE);
        var defaults = ExperimentConfig.defaults();
        for (var member : samplers.values()) {
            Descriptor d = member.descriptor();
            assertThat(d.summary()).as(d.name()).isNotBlank();
            assertThat(d.nfePerStep()).as(d.name()).isBetween(0, 10);
            // every selector value builds with the defaults alone
            assertThat(ExperimentParts.build(ExperimentConfig.load(null, java.util.List.of("sampler.type=" + d.name(),
                    "score.type=oracle", "data.type=gmm", "data.means=[[0.0, 0.0]]", "data.covariances=[[[1.0, 0.0], [0.0, 1.0]]]"))).sampler())
                    .as(d.name()).isNotNull();
        }
        assertThat(defaults).containsKey(Catalogue.samplers().key());
    }
}
