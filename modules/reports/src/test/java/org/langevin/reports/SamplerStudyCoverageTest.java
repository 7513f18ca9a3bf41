package org.langevin.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.langevin.core.Descriptor;
import org.langevin.experiment.Catalogue;

/** The sampler study walks the registry: every generative sampler is studied, at the cost its descriptor declares. */
class SamplerStudyCoverageTest {
    @Test
    void everyGenerativeSamplerOfTheRegistryIsInTheStudy() {
        Set<String> generative = Catalogue.samplers().all().values().stream().map(m -> m.descriptor())
                .filter(d -> !d.has(Descriptor.Need.EQUILIBRIUM)).map(Descriptor::name).collect(Collectors.toSet());
        assertThat(SamplerStudy.VARIANTS.stream().map(SamplerStudy.Variant::type).collect(Collectors.toSet())).isEqualTo(generative);
        for (SamplerStudy.Variant v : SamplerStudy.VARIANTS) {
            assertThat(v.nfePerStep()).as(v.label()).isEqualTo(Catalogue.samplers().descriptor(v.type()).nfePerStep());
        }
    }
}
