package org.langevin.experiment;

import org.langevin.tracking.EmbeddedMlflow;
import org.langevin.tracking.MlflowServer;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;

/** The real MLflow server the tests log to: MLFLOW_TRACKING_URI (set by ci/test.sh), else the embedded one. */
public final class TestServer {
    private TestServer() {}

    public static String uri() {
        String env = System.getenv("MLFLOW_TRACKING_URI");
        return env != null && !env.isBlank() ? env : new EmbeddedMlflow(TestHome.path()).up();
    }

    public static Tracker connect() {
        return Tracker.connect(MlflowServer.fromEnvironment(uri(), System.getenv()), TrackingSetup.spoolRoot(TestHome.path()));
    }
}
