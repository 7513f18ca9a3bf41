package org.langevin.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.langevin.core.ConfigException;
import org.langevin.experiment.MetricNames;
import org.langevin.experiment.evaluation.Plots;
import org.langevin.tracking.MetricPoint;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;

/**
 * The report of an MLflow experiment: runs read back through the tracking server, grouped into cells by the params
 * that vary between them (the seed aside), each metric aggregated over seeds as mean ± standard deviation (n).
 * Writes {@code README.md}, {@code cells.csv}, {@code runs.csv} and PNG plots.
 */
public final class ExperimentReport {
    /** Metrics shown by default, in this order, when the runs logged them. */
    public static final List<String> DEFAULT_METRICS = List.of(MetricNames.NLL, MetricNames.BITS_PER_DIM, MetricNames.NLL_GAP,
            MetricNames.FISHER_DIVERGENCE, MetricNames.MMD2,
            MetricNames.ENERGY_DISTANCE, MetricNames.SAMPLE_NFE, MetricNames.LIKELIHOOD_NFE, MetricNames.TRAIN_SECONDS,
                    MetricNames.SAMPLE_SECONDS, MetricNames.LIKELIHOOD_SECONDS, MetricNames.WALL_SECONDS);
    /** The heading under which a README's hand-written findings live; rewriting the report keeps them. */
    static final String FINDINGS = "## What the study shows";
    private static final Set<String> NOT_VARIED = Set.of("seed", "tracking.run_name");

    /** Mean, sample standard deviation and count of the values a metric took in a cell's runs. */
    record Stat(double mean, double sd, int n) {
        static Stat of(List<Double> values) {
            int n = values.size();
            double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
            double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return new Stat(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN, n);
        }
    }

    /** One cell: its values of the varied keys, its finished runs (one per seed, the newest), runs that did not finish, and per-metric stats. */
    public record Cell(Map<String, String> values, List<RunRecord> runs, int unfinished, Map<String, Stat> stats) {
        String label() {
            List<String> parts = new ArrayList<>();
            values.forEach((k, v) -> parts.add(k + "=" + v));
            return parts.isEmpty() ? "all runs" : String.join(" ", parts);
        }
    }

    private ExperimentReport() {}

    static String seed(RunRecord run) {
        return run.params().getOrDefault("seed", "");
    }

    /** Params whose values differ between runs, the seed and run name aside: they define the cells (a sweep's grid order first). */
    public static List<String> variedKeys(List<RunRecord> runs) {
        Set<String> keys = new TreeSet<>();
        runs.forEach(r -> keys.addAll(r.params().keySet()));
        List<String> varied = new ArrayList<>();
        for (String key : keys) {
            if (NOT_VARIED.contains(key)) continue;
            if (runs.stream().map(r -> r.params().getOrDefault(key, "")).distinct().count() > 1) varied.add(key);
        }
        List<String> grid = List.of(runs.get(0).tags().getOrDefault("sweep.grid", "").split(","));
        varied.sort(Comparator.comparingInt(k -> grid.contains(k) ? grid.indexOf(k) : grid.size()));
        return varied;
    }

    /**
     * Groups runs into cells by the varied keys: cells in a sweep's grid order (tag sweep.index), else in order of first
     * appearance among the runs sorted oldest first.
     * Per cell and seed the newest FINISHED run counts; a seed with no finished run counts as unfinished.
     */
    public static List<Cell> aggregate(List<RunRecord> runs, List<String> keys) {
        List<RunRecord> oldestFirst = runs.stream().sorted(Comparator.comparingInt(ExperimentReport::gridIndex)
                .thenComparingLong(RunRecord::startTime)).toList();
        Map<Map<String, String>, Map<String, List<RunRecord>>> bySeed = new LinkedHashMap<>();
        for (RunRecord r : oldestFirst) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String k : keys) values.put(k, r.params().getOrDefault(k, ""));
            bySeed.computeIfAbsent(values, v -> new LinkedHashMap<>()).computeIfAbsent(seed(r), s -> new ArrayList<>()).add(r);
        }
        List<Cell> cells = new ArrayList<>();
        bySeed.forEach((values, seeds) -> {
            List<RunRecord> finished = new ArrayList<>();
            int unfinished = 0;
            for (List<RunRecord> attempts : seeds.values()) {
                List<RunRecord> ok = attempts.stream().filter(r -> r.status().equals("FINISHED")).toList();
                if (ok.isEmpty()) unfinished++;
                else finished.add(ok.get(ok.size() - 1));
            }
            Map<String, List<Double>> byMetric = new TreeMap<>();
            for (RunRecord r : finished) r.metrics().forEach((m, v) -> byMetric.computeIfAbsent(m, k -> new ArrayList<>()).add(v));
            Map<String, Stat> stats = new TreeMap<>();
            byMetric.forEach((m, v) -> stats.put(m, Stat.of(v)));
            cells.add(new Cell(values, finished, unfinished, stats));
        });
        return cells;
    }

    /** The run's position in its sweep's grid (tag sweep.index), or after every sweep run. */
    private static int gridIndex(RunRecord r) {
        String index = r.tags().get("sweep.index");
        return index != null && index.matches("\\d+") ? Integer.parseInt(index) : Integer.MAX_VALUE;
    }

    /** Reads the experiment's runs (sweep parent runs left out) from MLflow. */
    public static List<RunRecord> read(Tracker tracker, String experiment) {
        String id = tracker.findExperiment(experiment).orElseThrow(() -> new ConfigException("--experiment",
                "no MLflow experiment named '" + experiment + "' at " + tracker.uri()));
        List<RunRecord> runs = new ArrayList<>();
        for (RunRecord run : tracker.searchRuns(id, "")) {
            if (!"sweep".equals(run.tags().get("job"))) runs.add(run);
        }
        if (runs.isEmpty()) throw new ConfigException("--experiment", "the MLflow experiment '" + experiment + "' has no runs");
        return runs;
    }

    /** Reads the experiment's runs, groups them into cells by the params that vary, and writes the report into {@code folder}. */
    public static void write(Tracker tracker, String experiment, List<String> metrics, Path folder, String command) throws IOException {
        List<RunRecord> runs = read(tracker, experiment);
        List<String> keys = variedKeys(runs);
        write(tracker, experiment, aggregate(runs, keys), keys, metrics, folder, command);
    }

    /** Writes README.md, cells.csv, runs.csv and plots/ for the cells. */
    static void write(Tracker tracker, String experiment, List<Cell> cells, List<String> keys, List<String> metrics, Path folder, String command)
            throws IOException {
        Files.createDirectories(folder.resolve("plots"));
        List<RunRecord> all = cells.stream().flatMap(c -> c.runs().stream()).toList();
        List<String> shown = metrics.stream().filter(m -> cells.stream().anyMatch(c -> c.stats().containsKey(m))).toList();
        StringBuilder md = new StringBuilder("# " + experiment + "\n\n");
        Set<String> commits = new LinkedHashSet<>();
        all.forEach(r -> commits.add(r.tags().getOrDefault("git_commit", "unknown")));
        md.append(String.format(Locale.ROOT, "Generated by `%s` from the MLflow experiment `%s` (%d finished runs in %d cells; code at commit %s). ",
                command, experiment, all.size(), cells.size(), String.join(", ", commits.stream().map(c -> "`" + c + "`").toList())));
        md.append("Cells are the values of the config keys that differ between runs; each figure is the mean ± standard deviation over the "
                + "cell's seeds, with the number of runs n. A dash marks a metric the cell's runs did not log. Run ids are in `runs.csv`, "
                + "per-cell figures in `cells.csv`.\n\n");
        md.append(table(cells, keys, shown));
        long unfinished = cells.stream().mapToInt(Cell::unfinished).sum();
        if (unfinished > 0) md.append(String.format(Locale.ROOT, "%n%d cell-seed(s) have no FINISHED run (column *unfinished*).%n", unfinished));
        md.append("\n## Plots\n\n");
        for (String m : shown) {
            String file = "plots/" + m.replace('/', '_') + ".png";
            Bars.bars(folder.resolve(file), m, cells);
            md.append("- [").append(m).append("](").append(file).append(")\n");
        }
        Map<String, double[][]> curves = lossCurves(tracker, cells);
        if (!curves.isEmpty()) {
            Plots.curves(folder.resolve("plots/loss_curves.png"), "training loss (mean over seeds)", curves);
            md.append("- [training loss per cell](plots/loss_curves.png)\n");
        }
        Path readme = folder.resolve("README.md");
        md.append("\n").append(findings(readme));
        Files.writeString(readme, md.toString());
        Files.writeString(folder.resolve("cells.csv"), ReportCsv.cells(cells, keys, shown));
        Files.writeString(folder.resolve("runs.csv"), ReportCsv.runs(cells, keys, shown));
    }

    public static String table(List<Cell> cells, List<String> keys, List<String> metrics) {
        boolean anyUnfinished = cells.stream().anyMatch(c -> c.unfinished() > 0);
        StringBuilder md = new StringBuilder("|");
        keys.forEach(k -> md.append(" ").append(k).append(" |"));
        md.append(" n |");
        if (anyUnfinished) md.append(" unfinished |");
        metrics.forEach(m -> md.append(" ").append(m).append(" |"));
        md.append("\n|").append("---|".repeat(keys.size() + 1 + (anyUnfinished ? 1 : 0) + metrics.size())).append("\n");
        for (Cell c : cells) {
            md.append("|");
            keys.forEach(k -> md.append(" ").append(c.values().get(k)).append(" |"));
            md.append(" ").append(c.runs().size()).append(" |");
            if (anyUnfinished) md.append(" ").append(c.unfinished()).append(" |");
            for (String m : metrics) md.append(" ").append(format(c.stats().get(m), c.runs().size())).append(" |");
            md.append("\n");
        }
        return md.toString();
    }

    /** "mean ± sd", with "(n=k)" when only k of the cell's runs logged the metric, "—" when none did. */
    static String format(Stat s, int runs) {
        if (s == null) return "—";
        String text = Double.isNaN(s.sd()) ? number(s.mean()) : number(s.mean()) + " ± " + number(s.sd());
        return s.n() < runs ? text + " (n=" + s.n() + ")" : text;
    }

    private static String number(double v) {
        if (v == 0 || (Math.abs(v) >= 0.01 && Math.abs(v) < 1e5)) return String.format(Locale.ROOT, "%.4g", v);
        return String.format(Locale.ROOT, "%.3e", v);
    }

    private static String findings(Path readme) throws IOException {
        if (Files.isRegularFile(readme)) {
            String old = Files.readString(readme);
            int at = old.indexOf(FINDINGS);
            if (at >= 0) return old.substring(at);
        }
        return FINDINGS + "\n\n(not written yet)\n";
    }

    /** Per cell, the training loss by step averaged over its runs (cells without a loss history are left out). */
    private static Map<String, double[][]> lossCurves(Tracker tracker, List<Cell> cells) {
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (Cell c : cells) {
            TreeMap<Long, List<Double>> byStep = new TreeMap<>();
            for (RunRecord r : c.runs()) {
                for (MetricPoint m : tracker.metricHistory(r.runId(), MetricNames.TRAIN_LOSS)) {
                    byStep.computeIfAbsent(m.step(), s -> new ArrayList<>()).add(m.value());
                }
            }
            if (byStep.isEmpty()) continue;
            double[][] curve = new double[2][byStep.size()];
            int i = 0;
            for (Map.Entry<Long, List<Double>> e : byStep.entrySet()) {
                curve[0][i] = e.getKey();
                curve[1][i++] = Stat.of(e.getValue()).mean();
            }
            curves.put(c.label(), curve);
        }
        return curves;
    }
}
