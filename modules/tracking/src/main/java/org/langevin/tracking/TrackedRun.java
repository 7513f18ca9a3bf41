package org.langevin.tracking;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.langevin.tracking.RunOperations.ServerUnavailable;
import org.mlflow.api.proto.Service;

/**
 * One MLflow run. Metrics are buffered and sent with log-batch at most {@value #MAX_METRICS_PER_BATCH} per request;
 * params go {@value #MAX_PARAMS_PER_BATCH} per request (the server's limits). When the server stops answering
 * (connection refused, timeout, HTTP 5xx or 429), this and every later operation go to the run's {@link Spool} in
 * order, and the run goes on; at the next operation after a pause the spool is replayed, oldest first, and logging
 * continues online. Replaying is safe to repeat: metrics are keyed by (key, step, timestamp, value), params and tags
 * by key, artifacts by path.
 */
public final class TrackedRun {
    static final int MAX_METRICS_PER_BATCH = 1000;
    static final int MAX_PARAMS_PER_BATCH = 100;
    static final int MAX_PARAM_LENGTH = 6000;
    /** While spooling, the server is tried again at most this often. */
    static final long RETRY_MILLIS = 2000;

    private final Tracker tracker;
    private final String runId;
    private final String experimentId;
    private final String artifactUri;
    private final List<MetricPoint> pending = new ArrayList<>(); // metric values not yet sent
    private final RunOperations operations;
    private Spool spool;
    private long lastAttempt;

    TrackedRun(Tracker tracker, String runId, String experimentId, String artifactUri) {
        this.tracker = tracker;
        this.runId = runId;
        this.experimentId = experimentId;
        this.artifactUri = artifactUri;
        this.operations = new RunOperations(tracker, runId, artifactUri);
    }

    /** A run started without a server: everything goes to its spool, which {@link Tracker#sync} later sends. */
    static TrackedRun offline(Tracker tracker, String experimentName, String runName, Map<String, String> tags) {
        String id = UUID.randomUUID().toString().replace("-", "");
        TrackedRun run = new TrackedRun(tracker, id, experimentName, null);
        run.spool().writeHeader(Spool.offlineHeader(id, experimentName, runName, tags));
        return run;
    }

    /** The run a spool folder belongs to; a run started offline is created on the server first. */
    static TrackedRun fromSpool(Tracker tracker, Spool spool) {
        ObjectNode header = spool.header();
        if (header.path("offline").asBoolean()) {
            Map<String, String> tags = new LinkedHashMap<>();
            header.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            tags.put(header.path("exported").asBoolean() ? RunExport.EXPORTED_RUN_ID : "offline_run_id", header.path("local_id").asText());
            String experimentId = tracker.experimentId(header.path("experiment_name").asText());
            // the run started when the offline run did, not when it is synced (its end time is the offline one too)
            TrackedRun created = tracker.startRun(experimentId, header.path("run_name").asText(), tags, header.path("start_time").asLong());
            // from now on the folder belongs to the created run (a sync cut short goes on with it)
            spool.writeHeader(Spool.onlineHeader(created.runId, experimentId, created.artifactUri, tracker.uri()));
        }
        ObjectNode h = spool.header();
        TrackedRun run = new TrackedRun(tracker, h.path("run_id").asText(), h.path("experiment_id").asText(), h.path("artifact_uri").asText());
        run.spool = spool;
        return run;
    }

    public String runId() {
        return runId;
    }

    public String experimentId() {
        return experimentId;
    }

    /** Where the run's artifacts live on the server (null offline). */
    public String artifactUri() {
        return artifactUri;
    }

    public String url() {
        if (!tracker.online()) return "offline run, spooled in " + spool().dir() + "; send it with './langevin mlflow sync'";
        return tracker.server().runUrl(experimentId, runId);
    }

    /** Operations waiting in the spool (0 when everything reached the server). */
    public synchronized int spooled() {
        return spool == null ? 0 : spool.size();
    }

    public Path spoolDir() {
        return spool().dir();
    }

    public void logParams(Map<String, String> params) {
        ObjectNode op = op("params");
        ObjectNode values = op.putObject("params");
        for (Map.Entry<String, String> e : params.entrySet()) {
            String shown = Redaction.value(e.getKey(), e.getValue());
            values.put(e.getKey(), shown.length() > MAX_PARAM_LENGTH ? shown.substring(0, MAX_PARAM_LENGTH) : shown);
            if (values.size() == MAX_PARAMS_PER_BATCH) {
                submit(op, null);
                op = op("params");
                values = op.putObject("params");
            }
        }
        if (!values.isEmpty()) submit(op, null);
    }

    /** MLflow dataset inputs, each {"dataset": {name, digest, source_type, source, schema, profile}, "tags": [...]}. */
    public void logInputs(ArrayNode datasets) {
        submit((ObjectNode) op("inputs").set("datasets", Redaction.json(datasets)), null);
    }

    public void setTags(Map<String, String> tags) {
        if (tags.isEmpty()) return;
        tags.keySet().forEach(key -> Tracker.requireName("tag key", key));
        ObjectNode op = op("tags");
        ObjectNode values = op.putObject("tags");
        tags.forEach((key, value) -> values.put(key, Redaction.value(key, value)));
        submit(op, null);
    }

    /** Buffers a metric value at a step; sent when the buffer is full or on {@link #flush()}. */
    public synchronized void logMetric(String key, double value, long step) {
        pending.add(new MetricPoint(key, value, step, System.currentTimeMillis()));
        if (pending.size() >= MAX_METRICS_PER_BATCH) flush();
    }

    /** Logs final metrics (step 0) and sends everything buffered. */
    public void logMetrics(Map<String, Double> metrics) {
        metrics.forEach((k, v) -> logMetric(k, v, 0));
        flush();
    }

    public synchronized void flush() {
        while (!pending.isEmpty()) {
            int n = Math.min(MAX_METRICS_PER_BATCH, pending.size());
            List<MetricPoint> batch = List.copyOf(pending.subList(0, n));
            pending.subList(0, n).clear();
            submit(() -> operations.metrics(batch), () -> MetricPoint.spoolOp(batch), null); // JSON only if it must wait
        }
    }

    /** Uploads a local file as the artifact {@code artifactPath} (e.g. "samples/samples.csv"); a text file goes redacted. */
    public void logArtifact(Path file, String artifactPath) {
        Path redacted = RedactedFile.of(file);
        try {
            submit(op("artifact").put("path", artifactPath), redacted);
        } finally {
            if (!redacted.equals(file)) RedactedFile.delete(redacted);
        }
    }

    /** False for a run written to the spool only (tracking.offline). */
    public boolean online() {
        return tracker.online();
    }

    public void finish() {
        end(Service.RunStatus.FINISHED);
    }

    /** Marks the run KILLED (interrupted by the user or a signal). */
    public void kill() {
        end(Service.RunStatus.KILLED);
    }

    /** Marks the run FAILED with the reason in the tag {@code failure_reason}. */
    public void fail(String reason) {
        setTags(Map.of("failure_reason", reason));
        end(Service.RunStatus.FAILED);
    }

    private void end(Service.RunStatus status) {
        flush();
        submit(op("terminate").put("status", status.name()).put("end_time", System.currentTimeMillis()), null);
        synchronized (this) {
            if (spooled() > 0 && tracker.online()) {
                lastAttempt = 0;
                tryReplay(); // one last try before the process ends
            }
        }
    }

    /** Sends every spooled operation, oldest first, until one fails; returns how many were sent. */
    synchronized int replay() {
        int sent = 0;
        for (Spool.Entry e : spool().entries()) {
            operations.send(e.op(), e.op().has("file") ? spool.artifact(e) : null);
            spool.remove(e);
            sent++;
        }
        spool.deleteIfEmpty();
        return sent;
    }

    private void submit(ObjectNode op, Path artifact) {
        submit(() -> operations.send(op, artifact), () -> op, artifact);
    }

    /**
     * Sends now when the server is up and nothing waits in the spool; otherwise, or when the server does not take it now,
     * the spool keeps the operation, in order.
     */
    private synchronized void submit(Runnable now, Supplier<ObjectNode> asSpooled, Path artifact) {
        if (tracker.online()) {
            if (spooled() > 0) tryReplay();
            if (spooled() == 0) {
                try {
                    now.run();
                    return;
                } catch (ServerUnavailable e) {
                    System.err.println("[tracking] the MLflow server at " + tracker.uri() + " does not answer (" + e.getMessage()
                            + "); the run goes on and logs to " + spool().dir() + " until it is back");
                    spool().writeHeader(Spool.onlineHeader(runId, experimentId, artifactUri, tracker.uri()));
                    lastAttempt = System.currentTimeMillis();
                }
            }
        }
        spool().append(asSpooled.get(), artifact);
    }

    private void tryReplay() {
        long now = System.currentTimeMillis();
        if (now - lastAttempt < RETRY_MILLIS) return;
        lastAttempt = now;
        try {
            int sent = replay();
            System.err.println("[tracking] the MLflow server is back: sent " + sent + " spooled operations");
        } catch (ServerUnavailable e) {
            // still away: keep spooling
        }
    }

    private Spool spool() {
        if (spool == null) spool = Spool.open(tracker.spoolRoot().resolve(runId));
        return spool;
    }

    private static ObjectNode op(String type) {
        return Spool.JSON.createObjectNode().put("type", type);
    }
}
