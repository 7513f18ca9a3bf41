package org.langevin.experiment.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.TestHome;
import org.langevin.experiment.run.TrainedModel;

/** The NFE sweep spends at most its budget and, with the exact score, gets closer to the data as the budget grows. */
class NfeSweepTest {
    @Test
    void qualityImprovesWithTheBudgetAndNoSamplerOverspends() throws Exception {
        Path ring = TestHome.path().resolve("experiments/oracle_ring.yaml");
        TrainedModel model = TrainedModel.load(ring, null, List.of("sampler.n_samples=1000"), Map.of());
        List<NfeSweep.Point> points = model.nfeSweep(List.of("ode_euler", "ode_heun"), new int[] {4, 40});
        assertThat(points).hasSize(4);
        for (NfeSweep.Point p : points) assertThat(p.nfe()).as(p.toString()).isPositive().isLessThanOrEqualTo(p.budget());
        for (String sampler : List.of("ode_euler", "ode_heun")) {
            double coarse = points.stream().filter(p -> p.sampler().equals(sampler) && p.budget() == 4).findFirst().orElseThrow().mmd2();
            double fine = points.stream().filter(p -> p.sampler().equals(sampler) && p.budget() == 40).findFirst().orElseThrow().mmd2();
            assertThat(fine).as(sampler).isLessThan(coarse);
        }
        // Heun spends 2 per step: a budget of 1 buys nothing and is skipped, 5 buys 2 steps
        List<NfeSweep.Point> heun = model.nfeSweep(List.of("ode_heun"), new int[] {1, 5});
        assertThat(heun).extracting(NfeSweep.Point::budget).containsExactly(5);
        assertThat(heun.get(0).nfe()).isLessThanOrEqualTo(5);
    }
}
