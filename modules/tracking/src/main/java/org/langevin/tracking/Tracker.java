package org.langevin.tracking;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;

/** A connection to an MLflow tracking server: experiments, runs, and artifacts through the server's REST API. */
public final class Tracker implements AutoCloseable {
    private final MlflowServer server;
    private final MlflowClient client;
    private final ArtifactStore artifacts;

    private Tracker(MlflowServer server, HttpClient http) {
        this.server = server;
        this.client = server.client();
        this.artifacts = new ArtifactStore(server, http);
    }

    /** Connects, failing with a clear message when the server does not answer. */
    public static Tracker connect(MlflowServer server) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        if (!server.answers(http)) {
            throw new TrackingException("the MLflow tracking server at " + server.uri() + " does not answer; "
                    + "start it with './langevin mlflow up' or set MLFLOW_TRACKING_URI to a running server");
        }
        return new Tracker(server, http);
    }

    public MlflowServer server() {
        return server;
    }

    MlflowClient client() {
        return client;
    }

    ArtifactStore artifacts() {
        return artifacts;
    }

    /** The id of the named experiment, created if it does not exist. */
    public String experimentId(String name) {
        Optional<Service.Experiment> existing = client.getExperimentByName(name);
        if (existing.isPresent()) return existing.get().getExperimentId();
        try {
            return client.createExperiment(name);
        } catch (org.mlflow.tracking.MlflowHttpException e) {
            // another process created it in the meantime
            return client.getExperimentByName(name).map(Service.Experiment::getExperimentId).orElseThrow(() -> e);
        }
    }

    /** The id of the named experiment, if it exists. */
    public Optional<String> findExperiment(String name) {
        return client.getExperimentByName(name).map(Service.Experiment::getExperimentId);
    }

    /** Every run of the experiment matching an MLflow search filter ("" for all), newest first, all pages. */
    public java.util.List<Service.Run> searchRuns(String experimentId, String filter) {
        java.util.List<Service.Run> out = new java.util.ArrayList<>();
        org.mlflow.tracking.Page<Service.Run> page = client.searchRuns(java.util.List.of(experimentId), filter,
                Service.ViewType.ACTIVE_ONLY, 1000, java.util.List.of("attributes.start_time DESC"));
        while (true) {
            page.getItems().forEach(out::add);
            if (!page.hasNextPage()) return out;
            page = page.getNextPage();
        }
    }

    /** Every logged value of one metric of a run, in step order. */
    public java.util.List<Service.Metric> metricHistory(String runId, String key) {
        return client.getMetricHistory(runId, key);
    }

    /** Starts a run in the experiment with a run name and initial tags. */
    public TrackedRun startRun(String experimentId, String runName, Map<String, String> tags) {
        Service.CreateRun.Builder request = Service.CreateRun.newBuilder()
                .setExperimentId(experimentId)
                .setStartTime(System.currentTimeMillis());
        if (runName != null && !runName.isBlank()) request.setRunName(runName);
        tags.forEach((k, v) -> request.addTags(Service.RunTag.newBuilder().setKey(k).setValue(v)));
        Service.RunInfo info = client.createRun(request.build());
        return new TrackedRun(this, info.getRunId(), experimentId, info.getArtifactUri());
    }

    /** Sets an existing run back to RUNNING (clearing its end time) to continue logging into it. */
    public TrackedRun reopenRun(String runId) {
        Service.RunInfo info = client.getRun(runId).getInfo();
        client.sendPost("runs/update", "{\"run_id\": \"" + runId + "\", \"status\": \"RUNNING\"}");
        return new TrackedRun(this, runId, info.getExperimentId(), info.getArtifactUri());
    }

    /** An existing run, for reading its config and checkpoint back. */
    public Service.Run getRun(String runId) {
        return client.getRun(runId);
    }

    /** Downloads one artifact of a run to a local file. */
    public Path downloadArtifact(String runId, String artifactPath, Path target) throws IOException {
        artifacts.download(client.getRun(runId).getInfo().getArtifactUri(), artifactPath, target);
        return target;
    }

    /** Paths of the artifacts directly under {@code path} (REST listing: the Java client's own listing needs Python). */
    public java.util.List<String> listArtifacts(String runId, String path) {
        String query = "artifacts/list?run_id=" + encode(runId) + "&path=" + encode(path);
        try {
            com.fasterxml.jackson.databind.JsonNode files = new com.fasterxml.jackson.databind.ObjectMapper().readTree(client.sendGet(query)).path("files");
            java.util.List<String> out = new java.util.ArrayList<>();
            files.forEach(f -> out.add(f.path("path").asText()));
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TrackingException("unexpected artifact listing from " + server.uri(), e);
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
    }
}
