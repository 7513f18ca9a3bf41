package org.langevin.cli;

import java.nio.file.Path;
import java.util.Map;
import org.langevin.tracking.EmbeddedMlflow;
import org.langevin.tracking.MlflowServer;
import org.langevin.tracking.Tracker;

/** Which MLflow to log to: {@code tracking.uri}, else {@code MLFLOW_TRACKING_URI}, else the embedded local server. */
final class TrackingSetup {
    private TrackingSetup() {}

    static Tracker connect(String configuredUri, Path home, Map<String, String> env) {
        String uri = configuredUri != null && !configuredUri.isBlank() ? configuredUri : env.get("MLFLOW_TRACKING_URI");
        if (uri == null || uri.isBlank()) uri = new EmbeddedMlflow(home).up();
        return Tracker.connect(MlflowServer.fromEnvironment(uri, env));
    }
}
