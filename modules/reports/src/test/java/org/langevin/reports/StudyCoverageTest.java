package org.langevin.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.langevin.core.Descriptor;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.TestHome;

/**
 * The studies against what they claim: the committed sampler report measured every generative sampler of the registry
 * under both SDEs, and every loss variant the loss study would train is a configuration the assembly accepts.
 */
class StudyCoverageTest {
    @Test
    void theCommittedSamplerReportMeasuredEveryGenerativeSamplerUnderBothSdes() throws IOException {
        Set<String> generative = Catalogue.samplers().all().values().stream().map(m -> m.descriptor())
                .filter(d -> !d.has(Descriptor.Need.EQUILIBRIUM)).map(Descriptor::name).collect(Collectors.toSet());
        List<String> rows = Files.readAllLines(TestHome.path().resolve("reports/samplers/cells.csv"));
        for (String sde : List.of("vp", "ve")) {
            Set<String> measured = rows.stream().skip(1).map(r -> r.split(",")).filter(r -> r[0].equals(sde))
                    .map(r -> r[1].replaceFirst(" \\(.*", "")).collect(Collectors.toSet());
            assertThat(measured).as(sde).containsAll(generative);
        }
    }

    @Test
    void everyLossVariantOfTheStudyIsAConfigurationTheAssemblyAccepts() {
        for (LossStudy.Variant v : LossStudy.VARIANTS) {
            ExperimentParts parts = ExperimentParts.build(ExperimentConfig.load(null, v.sets()));
            assertThat(parts.settings().string("loss.type")).as(v.id()).isEqualTo(v.loss());
        }
        assertThat(LossStudy.ids()).doesNotHaveDuplicates();
    }
}
