package org.langevin.reports;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.langevin.core.ConfigException;
import org.langevin.core.Figure;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.experiment.MetricNames;
import org.langevin.experiment.run.Provenance;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;

/**
 * {@code langevin report digits|clips|fashion}: runs every {@code experiments/STUDY-*.yaml} as an MLflow run, one after
 * the other (or reads the FINISHED runs given, one per file in file order), and writes {@code README.md} with a table
 * of the figures (test bits/dim with its standard error, NFE, wall times, the nearest-neighbour check, the image
 * metrics with their errors and floors, for clips the motion of samples beside the data's) and the runs' plots. A
 * hand-written section from a line "## Discussion" on in the existing README is kept.
 */
public final class ImageReport {
    /** A table column: its header and the metric shown (bits/dim with its standard error). */
    private record Column(String header, String metric) {}

    private static final List<Column> COMMON = List.of(
            new Column("test bits/dim", MetricNames.BITS_PER_DIM),
            new Column("likelihood NFE", MetricNames.LIKELIHOOD_NFE),
            new Column("sample NFE", MetricNames.SAMPLE_NFE),
            new Column("NN distance, samples", MetricNames.NN_DISTANCE_SAMPLES),
            new Column("NN distance, test", MetricNames.NN_DISTANCE_TEST),
            new Column("copies", MetricNames.NN_COPY_FRACTION),
            new Column("train steps/s", MetricNames.TRAIN_STEPS_PER_S),
            new Column("train s", MetricNames.TRAIN_SECONDS),
            new Column("sample s", MetricNames.SAMPLE_SECONDS),
            new Column("likelihood s", MetricNames.LIKELIHOOD_SECONDS),
            new Column("wall s", MetricNames.WALL_SECONDS));
    /** Shown when the runs logged them (clips). */
    private static final List<Column> MOTION = List.of(
            new Column("speed, samples (px/frame)", MetricNames.CLIP_SPEED),
            new Column("speed, data", MetricNames.CLIP_SPEED_DATA),
            new Column("displacement change, samples (px/frame)", MetricNames.CLIP_DISPLACEMENT_CHANGE),
            new Column("displacement change, data", MetricNames.CLIP_DISPLACEMENT_CHANGE_DATA));

    /** Shown when the runs logged them (a data set with a feature classifier). */
    private static final List<Column> FEATURES = List.of(
            new Column("FID", MetricNames.FID),
            new Column("FID floor", MetricNames.FID_FLOOR),
            new Column("KID", MetricNames.KID),
            new Column("KID floor", MetricNames.KID_FLOOR),
            new Column("precision", MetricNames.PRECISION),
            new Column("recall", MetricNames.RECALL),
            new Column("precision, data", MetricNames.PRECISION_DATA),
            new Column("recall, data", MetricNames.RECALL_DATA),
            new Column("feature rows", MetricNames.FEATURE_ROWS),
            new Column("classifier test accuracy", MetricNames.CLASSIFIER_TEST_ACCURACY));
    private static final String DISCUSSION = "## Discussion";

    /** One experiment file's run and the plots downloaded from it. */
    private record Row(Path file, ExperimentRunner.Result result, List<String> plots) {}

    private final Path home;
    /** In {@code --runs}, the slot of a file left out of the report. */
    public static final String LEFT_OUT = "-";

    private final PrintStream log;
    private final Map<String, String> env;

    public ImageReport(Path home, PrintStream log, Map<String, String> env) {
        this.home = home;
        this.log = log;
        this.env = env;
    }

    /**
     * @param overrides {@code --set} keys applied to every experiment file (and named in the command)
     * @param runIds empty: run every file; else one FINISHED run per file, in file order, whose figures are read back
     *               ({@value #LEFT_OUT} for a file left out of this report: its row says so)
     */
    public void write(String study, Path folder, String command, List<String> overrides, List<String> runIds) throws IOException {
        write(study, folder, command, overrides, runIds, List.of(), List.of(), List.of());
    }

    /**
     * As {@link #write(String, Path, String, List, List)}, with two more sections when their runs are given: one
     * experiment over several seeds ({@code seedRuns}) and a recipe ablation ({@code ablationRuns}, in recipe order; with
     * {@code speedRuns}, one per ablation run, its minutes are steps at the speed run's steps per second).
     */
    public void write(String study, Path folder, String command, List<String> overrides, List<String> runIds, List<String> seedRuns,
                      List<String> ablationRuns, List<String> speedRuns) throws IOException {
        if (!speedRuns.isEmpty() && speedRuns.size() != ablationRuns.size()) {
            throw new ConfigException("--ablation-speed", speedRuns.size() + " speed runs for " + ablationRuns.size() + " ablation runs");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(home.resolve("experiments"))) {
            files = list.filter(f -> f.getFileName().toString().startsWith(study + "-") && f.toString().endsWith(".yaml")).sorted().toList();
        }
        if (files.isEmpty()) throw new IllegalStateException("no experiments/" + study + "-*.yaml");
        if (!runIds.isEmpty() && runIds.size() != files.size()) {
            throw new ConfigException("--runs", runIds.size() + " runs for " + files.size() + " files " + files.stream()
                    .map(Path::getFileName).toList());
        }
        List<ExperimentConfig> configs = files.stream().map(f -> ExperimentConfig.load(f, overrides)).toList();
        List<ExperimentRunner.Result> given = new ArrayList<>(); // every run given is checked before anything is written
        for (int i = 0; i < runIds.size(); i++) given.add(LEFT_OUT.equals(runIds.get(i)) ? null : finished(i, runIds.get(i), configs, files));
        Sections sections = sections(seedRuns, ablationRuns, speedRuns);
        Files.createDirectories(folder.resolve("plots"));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            log.println(study + ": " + file.getFileName());
            ExperimentConfig config = configs.get(i);
            ExperimentRunner.Result r = runIds.isEmpty() ? new ExperimentRunner(home, log).run(config, env) : given.get(i);
            List<String> plots = r == null ? List.of() : ReportPlots.download(config, r.runId(), folder.resolve("plots"), stem(file), home, env);
            rows.add(new Row(file, r, plots));
        }
        List<Column> columns = new ArrayList<>(COMMON);
        List<Map<String, Double>> metrics = rows.stream().map(r -> r.result() == null ? Map.<String, Double>of() : r.result().metrics()).toList();
        if (metrics.stream().anyMatch(m -> m.containsKey(FEATURES.get(0).metric()))) columns.addAll(FEATURES);
        if (metrics.stream().anyMatch(m -> m.containsKey(MOTION.get(0).metric()))) columns.addAll(MOTION);

        StringBuilder md = new StringBuilder("# " + Character.toUpperCase(study.charAt(0)) + study.substring(1) + ": figures and samples\n\n");
        if (runIds.isEmpty()) {
            md.append(String.format(Locale.ROOT, "Generated by `%s` at commit `%s`: each `experiments/%s-*.yaml` ran once as an MLflow run "
                    + "(experiment `%s`), one after the other with %d thread(s) on a %d-core machine; its plots were downloaded here.%n%n", command,
                    Provenance.commit(home), study, study, Provenance.threads(), Runtime.getRuntime().availableProcessors()));
        } else {
            md.append(String.format(Locale.ROOT, "Generated by `%s` at commit `%s` from the MLflow runs of each `experiments/%s-*.yaml` named "
                    + "below (their commit is their `git_commit` tag); their plots were downloaded here.%n%n", command,
                            Provenance.commit(home), study));
        }
        md.append("| experiment | run |");
        columns.forEach(c -> md.append(' ').append(c.header()).append(" |"));
        md.append("\n|---|---|").append("---|".repeat(columns.size())).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Double> m = metrics.get(i);
            Row row = rows.get(i);
            md.append("| `").append(row.file().getFileName()).append("` | ")
                    .append(row.result() == null ? "left out of this report" : "`" + row.result().runId().substring(0, 8) + "`").append(" |");
            columns.forEach(c -> md.append(' ').append(cell(m, c.metric())).append(" |"));
            md.append('\n');
        }
        for (Row row : rows) {
            if (row.result() == null) continue;
            md.append("\n### ").append(stem(row.file())).append("\n\n");
            row.plots().forEach(name -> md.append("![").append(name).append("](plots/").append(name).append(")\n"));
        }
        md.append(sections.markdown(folder.resolve("plots")));
        Path readme = folder.resolve("README.md");
        if (Files.isRegularFile(readme)) {
            String old = Files.readString(readme);
            int at = old.indexOf(DISCUSSION);
            if (at >= 0) md.append('\n').append(old.substring(at));
        }
        Files.writeString(readme, md.toString());
    }

    /**
     * A FINISHED run's final figures, read back from MLflow. A run given in the wrong slot is refused: of the keys whose
     * values tell the study's files apart, more have another file's value than {@code file}'s ({@code --set} overrides of a
     * few keys do not move a run to another slot). {@code slot}: the run's file in {@code files}.
     */
    private ExperimentRunner.Result finished(int slot, String runId, List<ExperimentConfig> configs, List<Path> files) {
        ExperimentConfig config = configs.get(slot);
        Path file = files.get(slot);
        try (Tracker tracker = TrackingSetup.connect(config.settings().string("tracking.uri"), home, env)) {
            RunRecord run = tracker.getRun(runId);
            if (!run.finished()) throw new ConfigException("--runs", "run " + runId + " is " + run.status() + ", not FINISHED");
            int[] matches = new int[configs.size()]; // per file: the keys telling the files apart on which the run has that file's value
            String telling = null;
            for (String key : config.flatStrings().keySet()) {
                if (configs.stream().map(c -> String.valueOf(c.flatStrings().get(key))).distinct().count() < 2) continue;
                String actual = String.valueOf(run.params().get(key));
                for (int j = 0; j < configs.size(); j++) if (actual.equals(String.valueOf(configs.get(j).flatStrings().get(key)))) matches[j]++;
                if (telling == null && !actual.equals(String.valueOf(config.flatStrings().get(key)))) telling = key;
            }
            for (int j = 0; j < configs.size(); j++) {
                if (matches[j] > matches[slot]) {
                    throw new ConfigException("--runs", "run " + runId + " is not a run of " + file.getFileName() + ": more of its settings are "
                            + files.get(j).getFileName() + "'s (its " + telling + " is " + run.params().get(telling)
                                    + "); give one run per file in the order "
                            + files.stream().map(Path::getFileName).toList());
                }
            }
            return new ExperimentRunner.Result(runId, config.settings().string("experiment"), tracker.uri(), "", run.finalMetrics());
        }
    }

    /** What the seeds and ablation sections read from the tracking server: every run checked before anything is written. */
    private record Sections(List<RunRecord> seeds, List<RecipeSections.Curve> curves) {
        String markdown(Path plots) throws IOException {
            StringBuilder md = new StringBuilder();
            if (!seeds.isEmpty()) md.append("\n## One experiment over seeds\n\n").append(RecipeSections.seeds(seeds));
            if (!curves.isEmpty()) md.append("\n## Recipe ablation: FID against training minutes\n\n").append(RecipeSections.ablation(curves, plots));
            return md.toString();
        }
    }

    private Sections sections(List<String> seedRuns, List<String> ablationRuns, List<String> speedRuns) {
        List<RunRecord> seeds = new ArrayList<>();
        List<RecipeSections.Curve> curves = new ArrayList<>();
        if (seedRuns.isEmpty() && ablationRuns.isEmpty()) return new Sections(seeds, curves);
        try (Tracker tracker = TrackingSetup.connect(env.get("MLFLOW_TRACKING_URI"), home, env)) {
            for (String id : seedRuns) seeds.add(finishedRun(tracker, id, "--seed-runs"));
            for (int i = 0; i < ablationRuns.size(); i++) {
                RunRecord run = finishedRun(tracker, ablationRuns.get(i), "--ablation");
                RunRecord speed = speedRuns.isEmpty() ? null : finishedRun(tracker, speedRuns.get(i), "--ablation-speed");
                curves.add(RecipeSections.curve(tracker, i + ": " + (run.runName().isBlank() ? run.runId().substring(0, 8) : run.runName()), run,
                        speed));
            }
        }
        return new Sections(seeds, curves);
    }

    private static RunRecord finishedRun(Tracker tracker, String id, String option) {
        RunRecord run = tracker.getRun(id);
        if (!run.finished()) throw new ConfigException(option, "run " + id + " is " + run.status() + ", not FINISHED");
        return run;
    }

    private static String stem(Path file) {
        return file.getFileName().toString().replace(".yaml", "");
    }

    /** The metric, with "± standard error" where the run logged one (bits/dim); empty when it was not logged. */
    private static String cell(Map<String, Double> m, String metric) {
        Double v = m.get(metric);
        if (v == null) return "";
        Double stderr = m.get(metric + "_stderr");
        if (stderr != null) return Figure.format("%.3f", v) + " ± " + Figure.format("%.3f", stderr);
        return Figure.format(Math.abs(v) >= 100 || v == Math.rint(v) ? "%.0f" : "%.3g", v);
    }
}
