package org.langevin.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.Page;

/**
 * A connection to an MLflow tracking server: experiments, runs, and artifacts through the server's REST API. What a
 * run cannot send while the server is away goes to a {@link Spool} under {@code spoolRoot}; an offline tracker
 * (no server) spools everything, for {@link #sync} to send later.
 */
public final class Tracker implements AutoCloseable {
    private final MlflowServer server;
    private final MlflowClient client;
    private final ArtifactStore artifacts;
    private final Path spoolRoot;

    private Tracker(MlflowServer server, HttpClient http, Path spoolRoot) {
        this.server = server;
        this.client = server == null ? null : server.client();
        this.artifacts = server == null ? null : new ArtifactStore(server, http);
        this.spoolRoot = spoolRoot;
    }

    /** Connects, failing with a clear message when the server does not answer. */
    public static Tracker connect(MlflowServer server, Path spoolRoot) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        if (!server.answers(http)) {
            throw new TrackingException("the MLflow tracking server at " + server.uri() + " does not answer; "
                    + "start it with './langevin mlflow up', set MLFLOW_TRACKING_URI to a running server, "
                    + "or log offline with --set tracking.offline=true and send the runs later with './langevin mlflow sync'");
        }
        return new Tracker(server, http, spoolRoot);
    }

    /** A tracker without a server: runs are written to the spool only. */
    public static Tracker offline(Path spoolRoot) {
        return new Tracker(null, null, spoolRoot);
    }

    public boolean online() {
        return server != null;
    }

    public MlflowServer server() {
        return server;
    }

    /** The server's URI, or "offline". */
    public String uri() {
        return online() ? server.uri() : "offline";
    }

    Path spoolRoot() {
        return spoolRoot;
    }

    MlflowClient client() {
        return client;
    }

    ArtifactStore artifacts() {
        return artifacts;
    }

    /** The tag from which MLflow 3's UI picks its view, and the value of its model-training view. */
    static final String EXPERIMENT_KIND = "mlflow.experimentKind";
    static final String MODEL_TRAINING = "custom_model_development";

    /** The id of the named experiment, created if missing (offline: the name), tagged as model training unless it has a kind. */
    public String experimentId(String name) {
        requireName("experiment name", name);
        if (!online()) return name;
        Optional<Service.Experiment> existing = client.getExperimentByName(name);
        if (existing.isEmpty()) {
            try {
                client.createExperiment(name);
            } catch (MlflowHttpException e) {
                // another process may have created it in the meantime; anything else stands
                if (client.getExperimentByName(name).isEmpty()) throw e;
            }
            existing = client.getExperimentByName(name);
        }
        Service.Experiment experiment = existing.orElseThrow();
        if (experiment.getTagsList().stream().noneMatch(t -> t.getKey().equals(EXPERIMENT_KIND))) {
            client.setExperimentTag(experiment.getExperimentId(), EXPERIMENT_KIND, MODEL_TRAINING);
        }
        return experiment.getExperimentId();
    }

    /** A run's dataset inputs as "NAME DIGEST CONTEXT". */
    public List<String> datasetInputs(String runId) {
        return client.getRun(runId).getInputs().getDatasetInputsList().stream().map(d -> d.getDataset().getName() + " " + d.getDataset().getDigest()
                + " " + d.getTagsList().stream().filter(t -> t.getKey().equals("mlflow.data.context")).map(Service.InputTag::getValue)
                        .findFirst().orElse(""))
                .toList();
    }

    /** An experiment's tags. */
    public Map<String, String> experimentTags(String experimentId) {
        Map<String, String> tags = new TreeMap<>();
        client.getExperiment(experimentId).getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        return tags;
    }

    /** The id of the named experiment, if it exists. */
    public Optional<String> findExperiment(String name) {
        if (!online()) return Optional.empty();
        return client.getExperimentByName(name).map(Service.Experiment::getExperimentId);
    }

    /** Every run of the experiment matching an MLflow search filter ("" for all), newest first, all pages. */
    public List<RunRecord> searchRuns(String experimentId, String filter) {
        List<RunRecord> out = new ArrayList<>();
        if (!online()) return out;
        Page<Service.Run> page = client.searchRuns(List.of(experimentId), filter,
                Service.ViewType.ACTIVE_ONLY, 1000, List.of("attributes.start_time DESC"));
        while (true) {
            page.getItems().forEach(r -> out.add(RunLease.settled(client, r)));
            if (!page.hasNextPage()) return out;
            page = page.getNextPage();
        }
    }

    /** Every logged value of one metric of a run, in step order. */
    public List<MetricPoint> metricHistory(String runId, String key) {
        return client.getMetricHistory(runId, key).stream().map(MetricPoint::of).toList();
    }

    /** Starts a run in the experiment with a run name and initial tags (both redacted). */
    public TrackedRun startRun(String experimentId, String runName, Map<String, String> tags) {
        return startRun(experimentId, runName, tags, System.currentTimeMillis());
    }

    /** Starts a run that began at {@code startTime} (milliseconds since the epoch). */
    TrackedRun startRun(String experimentId, String runName, Map<String, String> tags, long startTime) {
        if (runName != null) requireName("run name", runName);
        tags.keySet().forEach(key -> requireName("tag key", key));
        if (!online()) return TrackedRun.offline(this, experimentId, runName, tags);
        Service.CreateRun.Builder request = Service.CreateRun.newBuilder()
                .setExperimentId(experimentId)
                .setStartTime(startTime);
        if (runName != null && !runName.isBlank()) request.setRunName(Redaction.text(runName));
        tags.forEach((k, v) -> request.addTags(Service.RunTag.newBuilder().setKey(k).setValue(Redaction.value(k, v))));
        request.addTags(Service.RunTag.newBuilder().setKey(RunLease.TAG).setValue(RunLease.fresh())); // held from its first moment
        Service.RunInfo info = client.createRun(request.build());
        return new TrackedRun(this, info.getRunId(), experimentId, info.getArtifactUri());
    }

    /** Sets an existing run back to RUNNING (clearing its end time) to continue logging into it. */
    public TrackedRun reopenRun(String runId) {
        requireOnline("continuing a run");
        Service.RunInfo info = RunLease.claim(client, runId).getInfo();
        client.sendPost("runs/update", "{\"run_id\": \"" + runId + "\", \"status\": \"RUNNING\"}");
        return new TrackedRun(this, runId, info.getExperimentId(), info.getArtifactUri());
    }

    /** Registers a run's artifact folder as a new version of a registered model: see {@link ModelRegistry}. */
    public String registerModelVersion(String name, String runId, String source, Map<String, String> tags) {
        requireOnline("registering a model");
        requireName("registered model name", name);
        return ModelRegistry.register(client, name, runId, source, tags);
    }

    /** An existing run, for reading its config and checkpoint back. */
    public RunRecord getRun(String runId) {
        requireOnline("reading run " + runId);
        return RunLease.settled(client, client.getRun(runId));
    }

    /** Downloads one artifact of a run to a local file. */
    public Path downloadArtifact(String runId, String artifactPath, Path target) throws IOException {
        requireOnline("reading run " + runId);
        artifacts.download(client.getRun(runId).getInfo().getArtifactUri(), artifactPath, target);
        return target;
    }

    /** Paths of the artifacts directly under {@code path} (REST listing: the Java client's own listing needs Python). */
    public List<String> listArtifacts(String runId, String path) {
        requireOnline("reading run " + runId);
        String query = "artifacts/list?run_id=" + encode(runId) + "&path=" + encode(path);
        try {
            JsonNode files = new ObjectMapper().readTree(client.sendGet(query)).path("files");
            List<String> out = new ArrayList<>();
            files.forEach(f -> out.add(f.path("path").asText()));
            return out;
        } catch (JsonProcessingException e) {
            throw new TrackingException("unexpected artifact listing from " + server.uri(), e);
        }
    }

    /** Sends every spooled run to this server: {@link SpoolSync}. */
    public SpoolSync.Result sync() {
        requireOnline("sync");
        return SpoolSync.send(this);
    }

    /** The last guard of the rule that names are stored as they are: one that holds a secret never leaves (the assembly refuses it first). */
    static void requireName(String what, String name) {
        if (Redaction.holdsSecret(name)) throw new TrackingException("the " + what + " holds a secret and is not sent: choose a name without it");
    }

    private void requireOnline(String what) {
        if (!online()) throw new TrackingException(what + " needs the MLflow server; this tracker is offline (tracking.offline: true)");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (client != null) client.close();
    }
}
