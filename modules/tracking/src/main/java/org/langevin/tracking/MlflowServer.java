package org.langevin.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * Where runs are logged: a tracking URI plus credentials. {@code MLFLOW_TRACKING_TOKEN} (bearer) or
 * {@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD} (basic) authenticate against a remote server.
 */
public record MlflowServer(String uri, String username, String password, String token) {

    /** The server named by the environment variables MLflow itself uses. */
    public static MlflowServer fromEnvironment(String uri, Map<String, String> env) {
        return new MlflowServer(stripSlash(uri), env.get("MLFLOW_TRACKING_USERNAME"), env.get("MLFLOW_TRACKING_PASSWORD"),
                env.get("MLFLOW_TRACKING_TOKEN"));
    }

    public static MlflowServer local(String uri) {
        return new MlflowServer(stripSlash(uri), null, null, null);
    }

    public MlflowClient client() {
        return new MlflowClient(new BasicMlflowHostCreds(uri, username, password, token, false));
    }

    /** The Authorization header value, or null without credentials. */
    String authorization() {
        if (token != null && !token.isBlank()) return "Bearer " + token;
        if (username != null && password != null) {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri + path)).timeout(Duration.ofSeconds(120));
        String auth = authorization();
        if (auth != null) b.header("Authorization", auth);
        return b;
    }

    /** True when GET /health answers 200 within a few seconds. */
    public boolean answers(HttpClient http) {
        try {
            HttpResponse<Void> r = http.send(request("/health").timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Where this server's UI shows the run. */
    public String runUrl(String experimentId, String runId) {
        return uri + "/#/experiments/" + experimentId + "/runs/" + runId;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

}
