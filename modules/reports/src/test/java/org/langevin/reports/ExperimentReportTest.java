package org.langevin.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.tracking.MetricPoint;
import org.langevin.tracking.RunRecord;

/** Cells, aggregation over seeds and the table, against numbers worked out by hand. */
class ExperimentReportTest {
    private static RunRecord run(String id, String sde, int seed, String status, long start, Map<String, Double> metrics) {
        Map<String, String> params = new HashMap<>(Map.of("sde.type", sde, "seed", String.valueOf(seed), "loss.type", "dsm",
                "tracking.run_name", id));
        Map<String, MetricPoint> latest = new HashMap<>();
        metrics.forEach((k, v) -> latest.put(k, new MetricPoint(k, v, 0, start)));
        return new RunRecord(id, "1", id, status, start, start + 1, params, Map.of(), latest);
    }

    private static final List<RunRecord> RUNS = List.of(
            run("r1", "vp", 1, "FINISHED", 1, Map.of("nll", 1.0, "mmd", 0.1)),
            run("r2", "vp", 2, "FINISHED", 2, Map.of("nll", 2.0, "mmd", 0.3)),
            run("r3", "vp", 3, "FINISHED", 3, Map.of("nll", 4.0)),
            run("r4", "ve", 1, "FAILED", 4, Map.of()),
            run("r5", "ve", 1, "FINISHED", 5, Map.of("nll", 10.0)),
            run("r6", "ve", 1, "FINISHED", 6, Map.of("nll", 11.0)),
            run("r7", "ve", 2, "FAILED", 7, Map.of()));

    @Test
    void cellsAreTheValuesOfTheKeysThatVaryAsideFromSeedAndRunName() {
        assertThat(ExperimentReport.variedKeys(RUNS)).containsExactly("sde.type");
    }

    @Test
    void eachCellAveragesTheNewestFinishedRunPerSeed() {
        List<ExperimentReport.Cell> cells = ExperimentReport.aggregate(RUNS, List.of("sde.type"));
        assertThat(cells).extracting(ExperimentReport.Cell::label).containsExactly("sde.type=vp", "sde.type=ve");

        ExperimentReport.Cell vp = cells.get(0);
        assertThat(vp.runs()).extracting(RunRecord::runId).containsExactly("r1", "r2", "r3");
        assertThat(vp.unfinished()).isZero();
        // nll: mean (1 + 2 + 4)/3 = 7/3; squared deviations 16/9 + 1/9 + 25/9 = 42/9, sd = sqrt(42/9 / 2) = sqrt(7/3)
        assertThat(vp.stats().get("nll").mean()).isCloseTo(7.0 / 3, within(1e-12));
        assertThat(vp.stats().get("nll").sd()).isCloseTo(Math.sqrt(7.0 / 3), within(1e-12));
        assertThat(vp.stats().get("nll").n()).isEqualTo(3);
        // mmd: only two runs logged it: mean 0.2, sd sqrt(0.01 + 0.01) = 0.1414...
        assertThat(vp.stats().get("mmd").mean()).isCloseTo(0.2, within(1e-12));
        assertThat(vp.stats().get("mmd").sd()).isCloseTo(Math.sqrt(0.02), within(1e-12));
        assertThat(vp.stats().get("mmd").n()).isEqualTo(2);

        ExperimentReport.Cell ve = cells.get(1);
        assertThat(ve.runs()).extracting(RunRecord::runId).containsExactly("r6"); // seed 1's newest; seed 2 never finished
        assertThat(ve.unfinished()).isEqualTo(1);
        assertThat(ve.stats().get("nll").mean()).isEqualTo(11.0);
        assertThat(ve.stats().get("nll").sd()).isNaN();
        assertThat(ve.stats()).doesNotContainKey("mmd");
    }

    @Test
    void theTableShowsMissingMetricsAsMissingNeverAsZero() {
        List<ExperimentReport.Cell> cells = ExperimentReport.aggregate(RUNS, List.of("sde.type"));
        String table = ExperimentReport.table(cells, List.of("sde.type"), List.of("nll", "mmd"));
        assertThat(table.split("\n")).containsExactly(
                "| sde.type | n | unfinished | nll | mmd |",
                "|---|---|---|---|---|",
                "| vp | 3 | 0 | 2.333 ± 1.528 | 0.2000 ± 0.1414 (n=2) |",
                "| ve | 1 | 1 | 11.00 | — |");
    }
}
