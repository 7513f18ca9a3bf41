package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.lineage.LineageExperiment;

/** Each lineage experiment, from its committed file, against the tolerance its theory gives. */
class LineagePhysicsTest {
    private static Map<String, Double> run(String file, String... sets) {
        ExperimentParts parts = ExperimentParts.build(ExperimentConfig.load(TestHome.path().resolve("experiments/lineage").resolve(file),
                List.of(sets)));
        LineageExperiment.Outcome outcome = parts.lineage().orElseThrow().run(parts.lineageContext());
        assertThat(outcome.figures()).isNotEmpty();
        return outcome.metrics();
    }

    @Test
    void einsteinTheMeanSquaredDisplacementGrowsAs2Ddt() {
        Map<String, Double> m = run("1-einstein.yaml");
        assertThat(m.get("msd_slope_theory")).isEqualTo(2.0); // D = 0.5, d = 2
        assertThat(m.get("msd_slope")).isCloseTo(m.get("msd_slope_theory"), within(4 * m.get("msd_slope_stderr")));
        assertThat(Math.abs(m.get("msd_slope_relative_error"))).isLessThan(0.05);
    }

    @Test
    void fokkerPlanckSimulatedParticlesHaveTheClosedFormMarginalAtEveryTime() {
        Map<String, Double> m = run("2-fokker-planck.yaml");
        assertThat(m.get("tv_excess_max")).isLessThan(0.02);
        assertThat(m.get("tv_max")).isLessThan(1.5 * m.get("tv_floor_max"));
    }

    @Test
    void boltzmannLangevinChainsMatchExpMinusUOverKTAtTwoTemperatures() {
        for (String file : List.of("3-boltzmann-double-well.yaml", "3-boltzmann-ring.yaml")) {
            Map<String, Double> m = run(file);
            List<String> temperatures = m.keySet().stream().filter(k -> k.startsWith("energy_exact_")).map(k
                    -> k.substring("energy_exact_".length())).toList();
            assertThat(temperatures).as(file).hasSize(2);
            for (String kT : temperatures) {
                double floor = m.get("tv_floor_" + kT);
                assertThat(m.get("tv_mala_" + kT)).as(file + " " + kT).isLessThan(1.5 * floor + 0.005);
                assertThat(m.get("tv_ula_" + kT)).as(file + " " + kT).isLessThan(1.5 * floor + 0.01);
                assertThat(m.get("energy_mala_" + kT)).as(file + " " + kT).isCloseTo(m.get("energy_exact_" + kT),
                        within(0.03 * m.get("energy_exact_" + kT)));
                assertThat(m.get("energy_ula_" + kT)).as(file + " " + kT).isCloseTo(m.get("energy_exact_" + kT),
                        within(0.1 * m.get("energy_exact_" + kT)));
            }
            // the chains of the first temperature are clearly not the law of the second
            String cross = m.keySet().stream().filter(k -> k.contains("_vs_law_")).findFirst().orElseThrow();
            assertThat(m.get(cross)).as(file).isGreaterThan(1.4 * m.get("tv_floor_" + temperatures.get(1)));
        }
    }

    @Test
    void hTheoremTheRelativeEntropyToEquilibriumNeverIncreases() {
        Map<String, Double> m = run("4-h-theorem.yaml");
        assertThat(m.get("kl_significant_increases")).isZero();
        assertThat(m.get("kl_bound_violations")).isZero();
        assertThat(m.get("kl_final")).isLessThan(1e-3 * m.get("kl_initial"));
        assertThat(m.get("entropy_ve_decreases")).isZero();
        assertThat(m.get("entropy_vp_final")).isCloseTo(m.get("entropy_vp_final_gaussian"), within(0.02));
    }

    @Test
    void andersonReverseSdeReturnsToTheDataOnlyWithTheScore() {
        Map<String, Double> m = run("5-reverse-sde.yaml");
        assertThat(m.get("pvalue_with_score")).isGreaterThan(0.01);
        assertThat(m.get("pvalue_without_score")).isLessThan(0.01);
    }

    @Test
    void steinIdentityHoldsForTheTrueScoreOnlyAndKsdFallsAsOneOverN() {
        Map<String, Double> m = run("6-stein.yaml");
        assertThat(m.get("stein_max_abs_z_true_score")).isLessThan(4.0);
        assertThat(m.get("stein_min_abs_z_wrong_score")).isGreaterThan(20.0);
        assertThat(m.get("ksd_loglog_slope_true_score")).isBetween(-1.2, -0.8);
        assertThat(m.get("ksd_loglog_slope_wrong_score")).isBetween(-0.3, 0.3);
        assertThat(m.get("ksd_n_times_v_true_score")).isCloseTo(m.get("ksd_n_times_v_theory"), within(0.25 * m.get("ksd_n_times_v_theory")));
    }

    @Test
    void probabilityFlowAndReverseSdeShareMarginalsAlongDifferentPaths() {
        Map<String, Double> m = run("7-flow-vs-diffusion.yaml");
        double bonferroni = 0.01 / (3 * m.get("tested_times")); // three tests per time
        assertThat(m.get("min_pvalue_sde_vs_ode")).isGreaterThan(bonferroni);
        assertThat(m.get("min_pvalue_sde_vs_exact")).isGreaterThan(bonferroni);
        assertThat(m.get("min_pvalue_ode_vs_exact")).isGreaterThan(bonferroni);
        assertThat(m.get("path_rms_separation_final")).isGreaterThan(1.0);
    }
}
