package org.langevin.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.tracking.EmbeddedMlflow;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code langevin mlflow up|down|status|sync}: the embedded local tracking server, and sending spooled runs. */
@Command(name = "mlflow", mixinStandardHelpOptions = true,
        description = "Manage the embedded MLflow server (127.0.0.1, SQLite, artifacts under .langevin/mlflow); send spooled runs.")
final class MlflowCommand implements Callable<Integer> {
    enum Action { up, down, status, sync }

    @Parameters(index = "0", paramLabel = "up|down|status|sync", description = "up: install if needed and start; down: stop; status: report; "
            + "sync: send what runs spooled in .langevin/spool (offline runs, or logged while the server was away) to "
                    + "MLFLOW_TRACKING_URI or the embedded server")
    Action action;

    @picocli.CommandLine.Mixin
    CommonOptions.JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
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
                Map<String, String> env = System.getenv();
                try (Tracker tracker = TrackingSetup.connect(env.get("MLFLOW_TRACKING_URI"), Main.home(), env)) {
                    Tracker.SyncResult r = tracker.sync();
                    if (!json.enabled) {
                        out.println("sent " + r.operations() + " spooled operations of " + r.runs() + " runs to " + tracker.uri());
                        r.runIds().forEach(id -> out.println("  run " + id));
                    }
                    Map<String, Object> obj = new LinkedHashMap<>();
                    obj.put("runs", r.runs());
                    obj.put("operations", r.operations());
                    obj.put("run_ids", r.runIds());
                    obj.put("tracking_uri", tracker.uri());
                    json.print(out, obj);
                }
            }
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
}
