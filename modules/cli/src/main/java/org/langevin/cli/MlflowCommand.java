package org.langevin.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.core.ConfigException;
import org.langevin.tracking.EmbeddedMlflow;
import org.langevin.tracking.RunExport;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code langevin mlflow up|down|status|sync|export}: the embedded local tracking server, spooled runs, runs carried between servers. */
@Command(name = "mlflow", mixinStandardHelpOptions = true,
        description = "Manage the embedded MLflow server (127.0.0.1, SQLite, artifacts under .langevin/mlflow); send spooled runs.")
final class MlflowCommand implements Callable<Integer> {
    enum Action { up, down, status, sync, export }

    @Parameters(index = "0", paramLabel = "up|down|status|sync|export", description = "up: install if needed and start; down: stop; "
            + "status: report; sync: send what runs spooled in .langevin/spool (offline runs, or logged while the server was away) "
            + "to MLFLOW_TRACKING_URI or the embedded server, and with --from the runs exported there; export: write ended runs "
            + "(RUN_ID ...) into the folder --to, one subfolder each, for 'sync --from' on another server")
    Action action;

    @Parameters(index = "1..*", paramLabel = "RUN_ID", description = "export: the runs to write")
    List<String> runIds = new ArrayList<>();

    @Option(names = "--to", paramLabel = "DIR", description = "export: the folder to write the runs into")
    Path to;

    @Option(names = "--from", paramLabel = "DIR", description = "sync: also send the runs exported into DIR (a run already on the server is skipped)")
    Path from;

    @Option(names = "--with-checkpoints", description = "export: include the checkpoint/ artifacts (left out by default: they are the bulk of a run)")
    boolean withCheckpoints;

    @picocli.CommandLine.Mixin
    CommonOptions.JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        EmbeddedMlflow mlflow = new EmbeddedMlflow(Main.home());
        var out = spec.commandLine().getOut();
        switch (action) {
            case up -> {
                String uri = mlflow.up();
                if (!json.enabled) out.println("MLflow UI: " + uri);
                json.print(out, new LinkedHashMap<>(Map.of("running", true, "tracking_uri", uri)));
            }
            case down -> {
                mlflow.down();
                json.print(out, new LinkedHashMap<>(Map.of("running", false)));
            }
            case sync -> {
                return sync(out);
            }
            case export -> export(out);
            case status -> {
                String line = mlflow.status();
                boolean running = line.startsWith("MLflow is running");
                if (!json.enabled) out.println(line);
                Map<String, Object> obj = new LinkedHashMap<>();
                obj.put("running", running);
                obj.put("status", line);
                json.print(out, obj);
                return running ? 0 : 1;
            }
        }
        return 0;
    }

    /** Exit 1 when the server refused a run (its line on stderr), else 0. */
    private int sync(PrintWriter out) {
        if (!runIds.isEmpty() || to != null || withCheckpoints) throw new ConfigException("sync", "takes no RUN_ID, --to or --with-checkpoints");
        if (from != null && !Files.isDirectory(from)) throw new ConfigException("--from", "no folder " + from);
        try (Tracker tracker = connect()) {
            RunExport.Imported r = from == null ? new RunExport.Imported(tracker.sync(), List.of()) : RunExport.read(tracker, from);
            if (!json.enabled) {
                out.println("sent " + r.sent().operations() + " spooled operations of " + r.sent().runs() + " runs to " + tracker.uri());
                r.sent().runIds().forEach(id -> out.println("  run " + id));
                r.skipped().forEach(id -> out.println("  already there: exported run " + id));
            }
            r.sent().refused().forEach(line -> spec.commandLine().getErr().println("error: the server refused run " + line));
            Map<String, Object> obj = new LinkedHashMap<>();
            obj.put("runs", r.sent().runs());
            obj.put("operations", r.sent().operations());
            obj.put("run_ids", r.sent().runIds());
            obj.put("skipped_exported_run_ids", r.skipped());
            obj.put("refused", r.sent().refused());
            obj.put("tracking_uri", tracker.uri());
            json.print(out, obj);
            return r.sent().refused().isEmpty() ? 0 : 1;
        }
    }

    private void export(PrintWriter out) throws IOException {
        if (runIds.isEmpty()) throw new ConfigException("export", "needs the RUN_IDs to write");
        if (to == null) throw new ConfigException("--to", "export needs the folder to write the runs into");
        if (from != null) throw new ConfigException("--from", "belongs to sync, not export");
        try (Tracker tracker = connect()) {
            for (String runId : runIds) {
                Path folder = to.resolve(runId);
                RunExport.write(tracker, runId, folder, path -> !withCheckpoints && path.startsWith("checkpoint/"));
                if (!json.enabled) out.println("exported run " + runId + " to " + folder);
            }
            Map<String, Object> obj = new LinkedHashMap<>();
            obj.put("run_ids", runIds);
            obj.put("folder", to.toString());
            json.print(out, obj);
        }
    }

    private static Tracker connect() {
        Map<String, String> env = System.getenv();
        return TrackingSetup.connect(env.get("MLFLOW_TRACKING_URI"), Main.home(), env);
    }
}
