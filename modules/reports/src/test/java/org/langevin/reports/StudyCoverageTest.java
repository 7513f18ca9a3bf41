package org.langevin.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.langevin.core.Descriptor;
import org.langevin.experiment.Catalogue;

/** The studies walk the registries: every generative sampler and every loss is studied, at the cost its descriptor declares. */
class StudyCoverageTest {
    @Test
    void everyGenerativeSamplerOfTheRegistryIsInTheSamplerStudy() {
        Set<String> generative = Catalogue.samplers().all().values().stream().map(m -> m.descriptor())
                .filter(d -> !d.has(Descriptor.Need.EQUILIBRIUM)).map(Descriptor::name).collect(Collectors.toSet());
        assertThat(SamplerStudy.VARIANTS.stream().map(SamplerStudy.Variant::type).collect(Collectors.toSet())).isEqualTo(generative);
        for (SamplerStudy.Variant v : SamplerStudy.VARIANTS) {
            assertThat(v.nfePerStep()).as(v.label()).isEqualTo(Catalogue.samplers().descriptor(v.type()).nfePerStep());
        }
    }

    @Test
    void everyLossOfTheRegistryIsInTheLossStudyWithItsVariants() {
        assertThat(LossStudy.VARIANTS.stream().map(LossStudy.Variant::loss).collect(Collectors.toSet())).isEqualTo(Catalogue.losses().all().keySet());
        int expected = Catalogue.losses().all().values().stream().mapToInt(m -> 1 + m.descriptor().variants().size()).sum();
        assertThat(LossStudy.VARIANTS).hasSize(expected);
        assertThat(LossStudy.ids()).doesNotHaveDuplicates();
    }
}
