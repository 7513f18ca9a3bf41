package org.langevin.tracking;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run artifacts through the tracking server's artifact proxy ({@code mlflow server --serve-artifacts}):
 * PUT/GET {@code /api/2.0/mlflow-artifacts/artifacts/<experiment>/<run>/artifacts/<path>}. This needs no local
 * Python, unlike the Java client's own upload.
 */
final class ArtifactStore {
    private static final String PREFIX = "mlflow-artifacts:/";
    private final MlflowServer server;
    private final HttpClient http;

    ArtifactStore(MlflowServer server, HttpClient http) {
        this.server = server;
        this.http = http;
    }

    void upload(String artifactUri, Path file, String artifactPath) throws IOException {
        HttpRequest request = server.request(endpoint(artifactUri, artifactPath))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<String> r = send(request, HttpResponse.BodyHandlers.ofString());
        String failure = "artifact upload of " + artifactPath + " failed: HTTP " + r.statusCode() + " " + r.body();
        if (r.statusCode() >= 500 || r.statusCode() == 429) throw new IOException(failure); // the server may take it later
        if (r.statusCode() / 100 != 2) throw new TrackingException(failure);
    }

    void download(String artifactUri, String artifactPath, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        HttpRequest request = server.request(endpoint(artifactUri, artifactPath)).GET().build();
        // TRUNCATE_EXISTING: a shorter artifact downloaded over a longer file must not keep the longer one's tail
        HttpResponse<Path> r = send(request, HttpResponse.BodyHandlers.ofFile(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING));
        if (r.statusCode() / 100 != 2) {
            Files.deleteIfExists(target);
            throw new IOException("artifact download of " + artifactPath + " failed: HTTP " + r.statusCode());
        }
    }

    private static String endpoint(String artifactUri, String artifactPath) throws IOException {
        if (!artifactUri.startsWith(PREFIX)) {
            throw new TrackingException("the run's artifact location '" + artifactUri + "' is not served by the tracking server; "
                    + "start the server with --serve-artifacts (the embedded server does)");
        }
        String root = artifactUri.substring(PREFIX.length());
        return "/api/2.0/mlflow-artifacts/artifacts/" + root + "/" + artifactPath;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
