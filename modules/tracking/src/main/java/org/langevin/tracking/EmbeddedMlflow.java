package org.langevin.tracking;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project-local MLflow server managed by {@code ci/mlflow.sh}: a pinned mlflow in a virtual environment under
 * {@code .langevin/mlflow}, SQLite backend, served artifacts, bound to 127.0.0.1, started on demand and reused.
 */
public final class EmbeddedMlflow {
    private final Path home;

    /** @param home the Langevin checkout (holds ci/mlflow.sh) */
    public EmbeddedMlflow(Path home) {
        this.home = home;
    }

    /** Starts the server unless it already answers; returns its URI. Setup messages go to stderr. */
    public String up() {
        List<String> out = run("up");
        if (out.isEmpty()) throw new TrackingException("ci/mlflow.sh up printed no URI");
        return out.get(out.size() - 1).trim();
    }

    public void down() {
        run("down");
    }

    /** The status line, or a line saying it is not running. */
    public String status() {
        List<String> out = runAllowingFailure("status");
        return out.isEmpty() ? "MLflow is not running" : out.get(out.size() - 1);
    }

    private List<String> run(String command) {
        ProcessResult r = exec(command);
        if (r.exit != 0) throw new TrackingException("ci/mlflow.sh " + command + " failed (exit " + r.exit + "); see the messages above");
        return r.lines;
    }

    private List<String> runAllowingFailure(String command) {
        return exec(command).lines;
    }

    private record ProcessResult(int exit, List<String> lines) {}

    private ProcessResult exec(String command) {
        Path script = home.resolve("ci/mlflow.sh");
        if (!Files.isExecutable(script)) throw new TrackingException(script
                + " is missing; run Langevin from its checkout or set MLFLOW_TRACKING_URI");
        try {
            Process p = new ProcessBuilder(script.toString(), command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            }
            return new ProcessResult(p.waitFor(), lines);
        } catch (IOException e) {
            throw new TrackingException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingException("interrupted while starting MLflow", e);
        }
    }
}
