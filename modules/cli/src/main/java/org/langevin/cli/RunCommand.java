package org.langevin.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.core.ConfigException;
import org.langevin.experiment.RunFailedException;
import org.langevin.experiment.assembly.WorkerKeys;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.sweep.CellInput;
import org.langevin.tracking.Redaction;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;
import org.langevin.training.workers.Workers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code langevin run (EXPERIMENT.yaml | --from-run RUN_ID) [--set key=value]... [--resume RUN_ID] [--tag key=value]...
 * [--executor spark [--master URL]] [--json]}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train (unless score.type is oracle), sample and evaluate one experiment, logged as an MLflow run.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT.yaml", description = "the experiment file")
    Path experiment;

    @Option(names = "--from-run", paramLabel = "RUN_ID",
            description = "rerun the resolved config another run logged (config/resolved.yaml), instead of an experiment file")
    String fromRun;

    @Option(names = "--resume", paramLabel = "RUN_ID",
            description = "continue this stopped, killed or failed training run from its checkpoint/latest.ckpt (same file and --set values)")
    String resume;

    @Option(names = "--tag", paramLabel = "key=value", description = "an extra MLflow tag for the new run (repeatable)")
    List<String> tags = new ArrayList<>();

    @Mixin
    CommonOptions.Executor executor;

    @Option(names = CellInput.OPTION, hidden = true, description = "read --set values and tags from standard input (a sweep's cell)")
    boolean cellInput;

    @Mixin
    CommonOptions.Overrides overrides;

    @Mixin
    CommonOptions.JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((experiment == null) == (fromRun == null)) throw new ConfigException("run", "give exactly one of EXPERIMENT.yaml or --from-run RUN_ID");
        Map<String, String> extra = new LinkedHashMap<>();
        for (String tag : tags) {
            int eq = tag.indexOf('=');
            if (eq <= 0) throw new ConfigException("--tag", "expected key=value, got '" + tag + "'");
            extra.put(tag.substring(0, eq), tag.substring(eq + 1));
        }
        CellInput cell = cellInput ? CellInput.parse(new String(System.in.readAllBytes(), StandardCharsets.UTF_8))
                : new CellInput(List.of(), Map.of());
        overrides.values.addAll(cell.overrides());
        ExperimentConfig config = experiment != null ? ExperimentConfig.load(experiment, overrides.values) : configOf(fromRun);
        // the tags are checked once the configuration's secrets are known: a tag key must not hold one
        ExperimentRunner runner = new ExperimentRunner(Main.home(), System.err).withUserTags(extra).withCellTags(cell.tags());
        if (fromRun != null) runner.withTags(Map.of("rerun_of", fromRun));
        if (!executor.name.equals("local")) {
            String master = executor.master();
            runner.withWorkers(c -> Workers.open(executor.name, c.toYaml(), WorkerKeys.workers(c.settings()), master));
        } else if (executor.master != null) {
            throw new ConfigException("--master", "only the spark executor takes a master; drop it or add --executor spark");
        }
        ExperimentRunner.Result r;
        try {
            r = resume == null ? runner.run(config, System.getenv()) : runner.resume(config, resume, System.getenv());
        } catch (RunFailedException e) {
            if (!"KILLED".equals(e.status())) throw e;
            throw e.withMessage(e.getMessage().replace("continue it with --resume " + e.runId(), "continue it with: " + resumeCommand(e.runId())));
        }
        var out = spec.commandLine().getOut();
        out.println("run " + r.runId() + " FINISHED in experiment '" + r.experiment() + "'");
        r.metrics().forEach((k, v) -> out.printf("  %-28s %.6g%n", k, v));
        out.println("MLflow UI: " + r.url());
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("run_id", r.runId());
        obj.put("experiment", r.experiment());
        obj.put("tracking_uri", r.trackingUri());
        obj.put("metrics", r.metrics());
        json.print(out, obj);
        return 0;
    }

    /** The command that continues a killed run: this one's experiment (or --from-run) and --set values, with --resume. */
    private String resumeCommand(String runId) {
        // the launcher as it was called (it passes its $0), else the checkout's
        List<String> words = new ArrayList<>(List.of(System.getProperty("langevin.launcher", "./langevin"), "run"));
        if (experiment != null) words.add(experiment.toString());
        else words.addAll(List.of("--from-run", fromRun));
        for (String set : overrides.values) { // credentials come from the environment, never from a printed command
            if (!Redaction.isSecretKey(set.substring(0, Math.max(0, set.indexOf('='))))) words.addAll(List.of("--set", set));
        }
        if (!executor.name.equals("local")) words.addAll(List.of("--executor", executor.name));
        if (executor.master != null) words.addAll(List.of("--master", executor.master));
        words.addAll(List.of("--resume", runId));
        return String.join(" ", words.stream().map(RunCommand::shellWord).toList());
    }

    /** A word as a POSIX shell reads it back: unchanged when it is plain, else in single quotes. */
    static String shellWord(String word) {
        if (word.matches("[A-Za-z0-9_./:=,+@%-]+")) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private ExperimentConfig configOf(String runId) throws IOException {
        Map<String, String> env = System.getenv();
        try (Tracker tracker = TrackingSetup.connect(env.get("MLFLOW_TRACKING_URI"), Main.home(), env)) {
            return ExperimentConfig.fromRun(tracker, runId, overrides.values, "--from-run");
        }
    }
}
