package org.langevin.cli;

import java.util.concurrent.Callable;
import org.langevin.tracking.EmbeddedMlflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code langevin mlflow up|down|status}: the embedded local tracking server. */
@Command(name = "mlflow", mixinStandardHelpOptions = true,
        description = "Manage the embedded MLflow server (127.0.0.1, SQLite, artifacts under .langevin/mlflow).")
final class MlflowCommand implements Callable<Integer> {
    enum Action { up, down, status }

    @Parameters(index = "0", paramLabel = "up|down|status", description = "up: install if needed and start; down: stop; status: report")
    Action action;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EmbeddedMlflow mlflow = new EmbeddedMlflow(Main.home());
        var out = spec.commandLine().getOut();
        switch (action) {
            case up -> out.println("MLflow UI: " + mlflow.up());
            case down -> mlflow.down();
            case status -> {
                String line = mlflow.status();
                out.println(line);
                return line.startsWith("MLflow is running") ? 0 : 1;
            }
        }
        return 0;
    }
}
