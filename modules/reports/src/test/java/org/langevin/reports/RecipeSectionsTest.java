package org.langevin.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.tracking.MetricPoint;
import org.langevin.tracking.RunRecord;

class RecipeSectionsTest {
    private static final RecipeSections.Curve CURVE = new RecipeSections.Curve("0: before", "0123456789abcdef", new double[] {10, 20, 40, 70},
            new double[] {200, 150, 110, 90}, 35, Double.NaN);

    @Test
    void aCurveIsReadBetweenItsPointsAndNotBeyondThem() {
        assertThat(CURVE.at(30)).isCloseTo(130, within(1e-12)); // halfway from (20, 150) to (40, 110)
        assertThat(CURVE.at(60)).isCloseTo(90 + 20.0 / 3, within(1e-12));
        assertThat(CURVE.at(40)).isEqualTo(110);
        assertThat(CURVE.at(5)).isNaN();
        assertThat(CURVE.at(71)).isNaN();
    }

    @Test
    void theAblationTableReadsEveryCurveAtThirtyAndSixtyMinutesBesideItsChart(@TempDir Path dir) throws Exception {
        RecipeSections.Curve short_ = new RecipeSections.Curve("1: edm", "fedcba9876543210", new double[] {15, 45}, new double[] {120, 80}, 36, 1.25);
        String md = RecipeSections.ablation(List.of(CURVE, short_), dir);
        assertThat(md).contains("| 0: before | `01234567` | own clock | 130.0 | 96.7 | 70, 90.0 |")
                .contains("| 1: edm | `fedcba98` | 1.250 | 100.0 | not reached | 45, 80.0 |");
        assertThat(dir.resolve("fid_vs_minutes.png")).isRegularFile();
        assertThat(Files.size(dir.resolve("fid_vs_minutes.png"))).isPositive();
    }

    @Test
    void aSpeedRunLendsItsStepsPerSecondOnlyWhenItsSettingsAreTheRunsButForTheFreedoms() {
        RunRecord run = speedRun("a", Map.of("score.channels", "[32, 64]", "threads", "1", "train.steps", "6000"), 0);
        RunRecord speed = speedRun("b", Map.of("score.channels", "[32, 64]", "threads", "2", "train.steps", "300",
                "likelihood.enabled", "false"), 2.5);
        assertThat(RecipeSections.speedOf(run, speed)).isEqualTo(2.5);
        RunRecord other = speedRun("c", Map.of("score.channels", "[32, 64, 128]", "threads", "2", "train.steps", "300"), 2.5);
        assertThatThrownBy(() -> RecipeSections.speedOf(run, other)).hasMessageContaining("--ablation-speed")
                .hasMessageContaining("score.channels is [32, 64, 128], not [32, 64]");
        RunRecord missing = speedRun("d", Map.of("threads", "2", "train.steps", "300"), 2.5);
        assertThatThrownBy(() -> RecipeSections.speedOf(run, missing)).hasMessageContaining("score.channels is null");
    }

    private static RunRecord speedRun(String id, Map<String, String> params, double stepsPerSecond) {
        Map<String, MetricPoint> latest = Map.of("train_steps_per_s", new MetricPoint("train_steps_per_s", stepsPerSecond, 0, 0));
        return new RunRecord(id, "1", "", "FINISHED", 0, 0, params, Map.of(), latest);
    }

    @Test
    void seedsGiveEachRunAndTheMeanAndSdOfItsFiguresBesideTheData() {
        List<RunRecord> runs = List.of(run("a1", 1, 70, 35), run("b2", 2, 80, 35), run("c3", 3, 90, 35));
        String md = RecipeSections.seeds(runs);
        assertThat(md).contains("| 1 | `a1` | 2.00 |").contains("| mean ± sd | | 2.29 ± 0.29 | 80.00 ± 10.00 |");
    }

    private static RunRecord run(String id, int seed, double fid, double floor) {
        Map<String, MetricPoint> latest = Map.of("fid", new MetricPoint("fid", fid, 0, 0),
                "fid_floor", new MetricPoint("fid_floor", floor, 0, 0));
        return new RunRecord(id, "1", "", "FINISHED", 0, 0, Map.of("seed", String.valueOf(seed)), Map.of(), latest);
    }
}
