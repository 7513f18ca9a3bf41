package org.langevin.reports;

import java.util.List;
import java.util.Locale;
import org.langevin.tracking.RunRecord;

/** A report's tables as CSV: one row per cell (mean, sd and n of each metric over seeds), and one row per run. */
final class ReportCsv {
    private ReportCsv() {}

    static String cells(List<ExperimentReport.Cell> cells, List<String> keys, List<String> metrics) {
        StringBuilder csv = new StringBuilder(String.join(",", keys));
        csv.append(keys.isEmpty() ? "" : ",").append("runs,unfinished");
        metrics.forEach(m -> csv.append(',').append(m).append("_mean,").append(m).append("_sd,").append(m).append("_n"));
        csv.append('\n');
        for (ExperimentReport.Cell c : cells) {
            keys.forEach(k -> csv.append(c.values().get(k)).append(','));
            csv.append(c.runs().size()).append(',').append(c.unfinished());
            for (String m : metrics) {
                ExperimentReport.Stat s = c.stats().get(m);
                csv.append(s == null ? ",,,0" : String.format(Locale.ROOT, ",%.10g,%s,%d", s.mean(), Double.isNaN(s.sd()) ? ""
                        : String.format(Locale.ROOT, "%.10g", s.sd()), s.n()));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    static String runs(List<ExperimentReport.Cell> cells, List<String> keys, List<String> metrics) {
        StringBuilder csv = new StringBuilder("run_id,");
        keys.forEach(k -> csv.append(k).append(','));
        csv.append("seed");
        metrics.forEach(m -> csv.append(',').append(m));
        csv.append('\n');
        for (ExperimentReport.Cell c : cells) {
            for (RunRecord r : c.runs()) {
                csv.append(r.runId()).append(',');
                keys.forEach(k -> csv.append(c.values().get(k)).append(','));
                csv.append(ExperimentReport.seed(r));
                for (String m : metrics) csv.append(',').append(r.metrics().containsKey(m) ? String.format(Locale.ROOT, "%.10g", r.metrics()
                        .get(m)) : "");
                csv.append('\n');
            }
        }
        return csv.toString();
    }
}
