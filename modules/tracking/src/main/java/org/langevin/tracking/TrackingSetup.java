package org.langevin.tracking;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.langevin.core.ConfigException;
import org.langevin.core.Settings;

/**
 * Which MLflow to log to: {@code tracking.uri}, else {@code MLFLOW_TRACKING_URI}, else the embedded local server; or
 * none with {@code tracking.offline: true}. Runs that cannot reach the server spool under {@code .langevin/spool}.
 */
public final class TrackingSetup {
    private TrackingSetup() {}

    /** Where a run logs, from its settings. */
    public static Tracker forRun(Settings settings, Path home, Map<String, String> env) {
        if (settings.flag("tracking.offline")) return Tracker.offline(spoolRoot(home));
        Map<String, String> withCredentials = new HashMap<>(env);
        for (String key : List.of("username", "password", "token")) {
            String value = settings.string("tracking." + key);
            if (value != null && !value.isBlank()) withCredentials.put("MLFLOW_TRACKING_" + key.toUpperCase(Locale.ROOT), value);
        }
        return connect(settings.string("tracking.uri"), home, withCredentials);
    }

    public static Tracker connect(String configuredUri, Path home, Map<String, String> env) {
        Redaction.rememberEnvironment(env); // credentials from the environment never leave the process either
        boolean configured = configuredUri != null && !configuredUri.isBlank();
        String uri = configured ? configuredUri : env.get("MLFLOW_TRACKING_URI");
        if (uri == null || uri.isBlank()) uri = new EmbeddedMlflow(home).up();
        else checkUri(configured ? "tracking.uri" : "MLFLOW_TRACKING_URI", uri);
        return Tracker.connect(MlflowServer.fromEnvironment(uri, env), spoolRoot(home));
    }

    /** An MLflow tracking server is an http(s) URL with a host. */
    private static void checkUri(String key, String uri) {
        try {
            URI parsed = new URI(uri);
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && parsed.getHost() != null) return;
        } catch (URISyntaxException malformed) {
            // reported below
        }
        throw new ConfigException(key, "must be the http(s) URL of an MLflow server, such as http://127.0.0.1:5000; got '"
                + Redaction.text(uri) + "'");
    }

    public static Path spoolRoot(Path home) {
        return home.resolve(".langevin/spool");
    }
}
