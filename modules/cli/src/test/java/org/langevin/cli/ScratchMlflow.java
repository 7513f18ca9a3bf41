package org.langevin.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.langevin.experiment.TestHome;

/**
 * A second, throwaway MLflow server for tests that stop and restart it: ci/mlflow.sh with its own state folder and a
 * fixed port, sharing the installed virtual environment of the embedded server.
 */
final class ScratchMlflow implements AutoCloseable {
    private final Path state;
    private final int port;

    ScratchMlflow(Path state) throws IOException {
        this.state = state;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
    }

    /** Starts (or restarts) the server on its port; returns its URI. */
    String up() throws Exception {
        List<String> lines = script("up");
        return lines.get(lines.size() - 1).strip();
    }

    void down() throws Exception {
        script("down");
    }

    /** The state folder: server.port and server.pid say which server is this one's. */
    Path state() {
        return state;
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        down();
    }

    private List<String> script(String action) throws Exception {
        ProcessBuilder b = new ProcessBuilder(TestHome.path().resolve("ci/mlflow.sh").toString(), action)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        b.environment().put("LANGEVIN_MLFLOW_HOME", state.toString());
        b.environment().put("LANGEVIN_MLFLOW_VENV", TestHome.path().resolve(".langevin/mlflow/venv").toString());
        b.environment().put("LANGEVIN_MLFLOW_PORT", String.valueOf(port));
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("ci/mlflow.sh " + action + " failed: " + out);
        return out.lines().toList();
    }
}
