package org.langevin.experiment.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.langevin.core.ConfigException;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.OutboundNames;
import org.langevin.sweep.CellInput;
import org.langevin.sweep.CellJob;
import org.langevin.sweep.SweepExecutor;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.TrackedRun;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;

/**
 * Runs every cell × seed of a sweep as an MLflow run nested under one parent run. Each run is a separate JVM
 * ({@code langevin run BASE --cell-input}, its --set values and tags on standard input) started by a {@link SweepExecutor} (this machine, or
 * Spark), so a crashing cell cannot take the others down. Cells that already FINISHED with the same resolved config (config hash) are skipped.
 */
public final class Sweep {
    /** How one cell × seed ended. {@code status} is the MLflow run status; skipped runs had FINISHED before. */
    public record Outcome(SweepFile.Cell cell, String runId, String status, boolean skipped, String error) {}

    /** How the whole sweep ended. */
    public record Summary(String parentRunId, String experiment, String trackingUri, List<Outcome> outcomes, boolean interrupted) {
        /** Runs by MLflow status (skipped runs count as FINISHED). */
        public Map<String, Integer> counts() {
            Map<String, Integer> counts = new TreeMap<>();
            for (Outcome o : outcomes) counts.merge(o.status(), 1, Integer::sum);
            return counts;
        }

        public long skipped() {
            return outcomes.stream().filter(Outcome::skipped).count();
        }

        /** The runs that did not finish. */
        public List<Outcome> failed() {
            return outcomes.stream().filter(o -> !o.status().equals("FINISHED")).toList();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final PrintStream log;
    private final Map<String, String> env;
    /** Runs in the sweep being run (for the "n of N" of each line). */
    private int total;

    public Sweep(Path home, PrintStream log, Map<String, String> env) {
        this.home = home;
        this.log = log;
        this.env = env;
    }

    /** Runs the sweep on the given executor; {@code master} is for distributed executors (null: their default). */
    public Summary run(SweepFile sweep, SweepExecutor executor, int parallel, String master, Consumer<Outcome> onCell) throws Exception {
        if (parallel < 1) throw new ConfigException("--parallel", "must be at least 1, got " + parallel);
        List<SweepFile.Cell> cells = sweep.cells();
        if (cells.isEmpty()) throw new ConfigException("exclude", "every combination of the grid is excluded: the sweep has no cells");
        Map<SweepFile.Cell, ExperimentConfig> configs = new LinkedHashMap<>();
        for (SweepFile.Cell cell : cells) configs.put(cell, validated(sweep, cell)); // every cell is checked before anything runs
        configs = trainingsFirst(configs);
        OutboundNames.name("name", sweep.name(), 250); // the parent run's name, a tag and the log folder (once the cells' secrets are known)
        String uri = configs.values().iterator().next().settings().string("tracking.uri");
        if (configs.values().iterator().next().settings().flag("tracking.offline")) {
            throw new ConfigException("tracking.offline",
                    "a sweep needs the MLflow server (it skips finished cells and nests runs under a parent); set it to false");
        }
        try (Tracker tracker = TrackingSetup.connect(uri, home, env)) {
            String experimentId = tracker.experimentId(sweep.experiment());
            TrackedRun parent = parentRun(tracker, experimentId, sweep);
            Thread sweeping = Thread.currentThread();
            RunLifecycle lifecycle = new RunLifecycle(parent, () -> { // a signal: the cells end KILLED, then the sweep sums up
                sweeping.interrupt();
                return true;
            });
            try (lifecycle) {
                return runCells(sweep, executor, parallel, master, onCell, tracker, experimentId, parent, configs, cells, lifecycle);
            } catch (Exception e) { // the parent exists: it ends FAILED, and the error names it
                throw lifecycle.failed(e);
            }
        }
    }

    private Summary runCells(SweepFile sweep, SweepExecutor executor, int parallel, String master, Consumer<Outcome> onCell, Tracker tracker,
                             String experimentId, TrackedRun parent, Map<SweepFile.Cell, ExperimentConfig> configs, List<SweepFile.Cell> cells,
                             RunLifecycle lifecycle) throws Exception {
        Path logs = Files.createDirectories(home.resolve(".langevin/sweeps").resolve(sweep.name().replaceAll("[^A-Za-z0-9._-]", "_")));
        log.printf(Locale.ROOT, "sweep '%s': %d runs (%d cells × %d seeds) on the %s executor, %d at a time; parent run %s; logs in %s%n",
                sweep.name(), cells.size(), cells.size() / sweep.seeds().size(), sweep.seeds().size(), executor.name(), parallel,
                        parent.runId(), logs);
        List<Outcome> outcomes = new ArrayList<>();
        total = configs.size();
        List<CellJob> jobs = new ArrayList<>();
        for (Map.Entry<SweepFile.Cell, ExperimentConfig> e : configs.entrySet()) {
            SweepFile.Cell cell = e.getKey();
            String hash = e.getValue().hash();
            Optional<RunRecord> done = tracker.searchRuns(experimentId, "tags.config_hash = '" + hash + "' and attributes.status = 'FINISHED'")
                    .stream().findFirst();
            if (done.isPresent()) report(new Outcome(cell, done.get().runId(), "FINISHED", true, null), outcomes, onCell);
            else jobs.add(job(cells.indexOf(cell), sweep, cell, hash, parent.runId(), experimentId, tracker.uri(), logs));
        }
        boolean interrupted = false;
        if (!jobs.isEmpty()) {
            try {
                executor.run(jobs, parallel, master, env, ending -> report(outcome(tracker, jobs, cells.get(ending.index()), ending),
                        outcomes, onCell));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        Summary summary = new Summary(parent.runId(), sweep.experiment(), tracker.uri(), outcomes, interrupted);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("runs_total", (double) outcomes.size());
        // a rerun's counts replace the last
        for (String status : List.of("FINISHED", "FAILED", "KILLED")) metrics.put("runs_" + status.toLowerCase(Locale.ROOT), 0.0);
        summary.counts().forEach((status, n) -> metrics.put("runs_" + status.toLowerCase(Locale.ROOT), (double) n));
        metrics.put("runs_skipped", (double) summary.skipped());
        parent.logMetrics(metrics);
        if (interrupted) lifecycle.kill();
        else if (summary.failed().isEmpty()) lifecycle.finish();
        else lifecycle.fail(summary.failed().size() + " of " + outcomes.size() + " runs did not finish");
        return summary;
    }

    /** A line per run as it ends, counted against the sweep's runs: "[ 7/162] FINISHED RUN_ID  CELL". */
    private synchronized void report(Outcome o, List<Outcome> outcomes, Consumer<Outcome> onCell) {
        outcomes.add(o);
        int width = String.valueOf(total).length();
        log.printf(Locale.ROOT, "[%" + width + "d/%d] %-8s %s  %s%s%n", outcomes.size(), total, o.skipped() ? "SKIPPED" : o.status(), o.runId(),
                o.cell().runName(), o.error() == null ? "" : "  (" + o.error() + ")");
        onCell.accept(o);
    }

    /**
     * The {@code langevin run} of one cell × seed (index: its place in the grid), with the tags that place it in the sweep.
     * Its --set values and tags go to the child on standard input ({@link CellInput}), never on its command line.
     */
    private CellJob job(int index, SweepFile sweep, SweepFile.Cell cell, String hash, String parentId, String experimentId, String uri, Path logs) {
        List<String> arguments = new ArrayList<>(List.of("run", sweep.base().toString(), "--json", CellInput.OPTION));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.parentRunId", parentId);
        tags.put("sweep", sweep.name());
        tags.put("sweep.cell", cell.label());
        tags.put("sweep.index", String.valueOf(index)); // the report lists cells in grid order
        tags.put("sweep.grid", String.join(",", sweep.grid().keySet()));
        tags.put("seed", String.valueOf(cell.seed()));
        cell.values().forEach((k, v) -> tags.put(k, SweepFile.yamlValue(v)));
        // the grid index keeps apart cells whose names only differ in a masked secret
        Path logFile = logs.resolve(index + "_" + cell.runName().replaceAll("[^A-Za-z0-9._=-]+", "_") + ".log");
        return new CellJob(index, cell.runName(), arguments, CellInput.json(sweep.overrides(cell), tags), hash, parentId, experimentId, uri,
                home.toString(), logFile.toString());
    }

    /** How a job ended, read from its JSON line when it finished, else from its MLflow run (if the child got that far). */
    private static Outcome outcome(Tracker tracker, List<CellJob> jobs, SweepFile.Cell cell, CellJob.Ending ending) {
        try {
            if (ending.exitCode() == 0) {
                return new Outcome(cell, JSON.readTree(ending.lastLine()).get("run_id").asText(), "FINISHED", false, null);
            }
            CellJob job = jobs.stream().filter(j -> j.index() == ending.index()).findFirst().orElseThrow();
            Optional<RunRecord> run = tracker.searchRuns(job.experimentId(), "tags.config_hash = '" + job.configHash()
                    + "' and tags.`mlflow.parentRunId` = '" + job.parentRunId() + "'").stream().findFirst();
            return new Outcome(cell, run.map(RunRecord::runId).orElse(""), run.map(RunRecord::status).orElse("FAILED"),
                    false, lastLine(Path.of(job.logFile())) + " (exit " + ending.exitCode() + ", log " + job.logFile() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The runs that train a configuration not trained before in this sweep come first, so that with train.reuse the runs
     * that differ only in sampling or evaluation find their weights already trained.
     */
    private static Map<SweepFile.Cell, ExperimentConfig> trainingsFirst(Map<SweepFile.Cell, ExperimentConfig> configs) {
        Map<SweepFile.Cell, ExperimentConfig> first = new LinkedHashMap<>();
        Map<SweepFile.Cell, ExperimentConfig> rest = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        configs.forEach((cell, config) -> (seen.add(config.trainingHash()) ? first : rest).put(cell, config));
        first.putAll(rest);
        return first;
    }

    /** The cell's configuration, built and checked like a run's (bad input ends the sweep before any run exists). */
    private static ExperimentConfig validated(SweepFile sweep, SweepFile.Cell cell) {
        try {
            ExperimentConfig config = ExperimentConfig.load(sweep.base(), sweep.overrides(cell));
            ExperimentParts.build(config);
            return config;
        } catch (ConfigException e) {
            throw new ConfigException(e.key(), e.detail() + " (sweep cell " + cell.runName() + ")");
        }
    }

    /** The sweep's parent run: the newest one of this sweep in the experiment, reopened, or a new one. */
    private TrackedRun parentRun(Tracker tracker, String experimentId, SweepFile sweep) throws IOException {
        Optional<RunRecord> previous = tracker.searchRuns(experimentId, "tags.job = 'sweep' and tags.sweep = '" + quoted(sweep.name()) + "'")
                .stream().findFirst();
        TrackedRun parent;
        if (previous.isPresent()) {
            parent = tracker.reopenRun(previous.get().runId());
        } else {
            Map<String, String> tags = Provenance.software(home);
            tags.put("job", "sweep");
            tags.put("sweep", sweep.name());
            tags.put("mlflow.source.name", "langevin");
            parent = tracker.startRun(experimentId, sweep.name(), tags);
        }
        // sweep.set: the file's set: with the command line's --set merged in, what this invocation ran (redacted like every tag)
        parent.setTags(Map.of("sweep.grid", String.join(",", sweep.grid().keySet()), "sweep.seeds", sweep.seeds().toString(),
                "sweep.set", SweepFile.yamlValue(sweep.set())));
        parent.logArtifact(sweep.file(), "sweep/" + sweep.file().getFileName());
        parent.logArtifact(sweep.base(), "sweep/base/" + sweep.base().getFileName());
        return parent;
    }

    private static String lastLine(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return "no output";
        // progress bars ("train  42% [==   ] ...", redrawn after carriage returns) are not the last word
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.matches("\\S+ +\\d+% \\[.*")).toList();
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
    }

    private static String quoted(String s) {
        return s.replace("'", "\\'");
    }
}
