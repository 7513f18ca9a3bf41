package org.langevin.experiment;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.restore.Restoration;

class InverseBoundsScratchTest {
    @Test
    void measure() {
        for (Arguments a : InverseCatalogueTest.methods().toList()) {
            String label = (String) a.get()[0];
            @SuppressWarnings("unchecked") List<String> extra = (List<String>) a.get()[1];
            StringBuilder out = new StringBuilder(label + ":");
            for (int seed = 1; seed <= 12; seed++) {
                List<String> sets = new ArrayList<>(List.of("experiment=langevin-tests", "data.type=ring", "score.type=oracle", "sampler.type=ddim",
                        "sampler.eta=1.0", "sampler.steps=100", "inverse.operator=mask", "inverse.mask=[1, 0]", "inverse.noise=0.1",
                        "inverse.samples=150", "inverse.particles=16", "seed=" + seed));
                sets.add("inverse.method=" + label.split(" ")[0]);
                sets.addAll(extra);
                ExperimentParts parts = ExperimentParts.build(ExperimentConfig.load(null, sets));
                var m = Restoration.run(parts, parts.score(), 3).metrics();
                out.append(String.format(" %.4f", m.get(MetricNames.POSTERIOR_ENERGY)));
            }
            System.out.println("BOUND " + out);
        }
    }
}
