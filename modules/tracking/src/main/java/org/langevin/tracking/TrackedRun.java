package org.langevin.tracking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlflow.api.proto.Service;

/**
 * One MLflow run. Metrics are buffered and sent with log-batch at most {@value #MAX_METRICS_PER_BATCH} per request;
 * params go {@value #MAX_PARAMS_PER_BATCH} per request (the server's limits).
 */
public final class TrackedRun {
    static final int MAX_METRICS_PER_BATCH = 1000;
    static final int MAX_PARAMS_PER_BATCH = 100;
    static final int MAX_PARAM_LENGTH = 6000;

    private final Tracker tracker;
    private final String runId;
    private final String experimentId;
    private final String artifactUri;
    private final List<Service.Metric> pending = new ArrayList<>();

    TrackedRun(Tracker tracker, String runId, String experimentId, String artifactUri) {
        this.tracker = tracker;
        this.runId = runId;
        this.experimentId = experimentId;
        this.artifactUri = artifactUri;
    }

    public String runId() {
        return runId;
    }

    public String experimentId() {
        return experimentId;
    }

    public String url() {
        return tracker.server().runUrl(experimentId, runId);
    }

    public void logParams(Map<String, String> params) {
        List<Service.Param> batch = new ArrayList<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String value = e.getValue().length() > MAX_PARAM_LENGTH ? e.getValue().substring(0, MAX_PARAM_LENGTH) : e.getValue();
            batch.add(Service.Param.newBuilder().setKey(e.getKey()).setValue(value).build());
            if (batch.size() == MAX_PARAMS_PER_BATCH) {
                tracker.client().logBatch(runId, List.of(), batch, List.of());
                batch.clear();
            }
        }
        if (!batch.isEmpty()) tracker.client().logBatch(runId, List.of(), batch, List.of());
    }

    public void setTags(Map<String, String> tags) {
        List<Service.RunTag> batch = new ArrayList<>();
        tags.forEach((k, v) -> batch.add(Service.RunTag.newBuilder().setKey(k).setValue(v).build()));
        if (!batch.isEmpty()) tracker.client().logBatch(runId, List.of(), List.of(), batch);
    }

    /** Buffers a metric value at a step; sent when the buffer is full or on {@link #flush()}. */
    public void logMetric(String key, double value, long step) {
        pending.add(Service.Metric.newBuilder().setKey(key).setValue(value).setStep(step)
                .setTimestamp(System.currentTimeMillis()).build());
        if (pending.size() >= MAX_METRICS_PER_BATCH) flush();
    }

    /** Logs final metrics (step 0) and sends everything buffered. */
    public void logMetrics(Map<String, Double> metrics) {
        metrics.forEach((k, v) -> logMetric(k, v, 0));
        flush();
    }

    public void flush() {
        while (!pending.isEmpty()) {
            int n = Math.min(MAX_METRICS_PER_BATCH, pending.size());
            List<Service.Metric> batch = new ArrayList<>(pending.subList(0, n));
            tracker.client().logBatch(runId, batch, List.of(), List.of());
            pending.subList(0, n).clear();
        }
    }

    /** Uploads a local file as the artifact {@code artifactPath} (e.g. "samples/samples.csv"). */
    public void logArtifact(Path file, String artifactPath) {
        try {
            tracker.artifacts().upload(artifactUri, file, artifactPath);
        } catch (IOException e) {
            throw new TrackingException(e.getMessage(), e);
        }
    }

    public void finish() {
        flush();
        tracker.client().setTerminated(runId, Service.RunStatus.FINISHED, System.currentTimeMillis());
    }

    /** Marks the run KILLED (interrupted by the user or a signal). */
    public void kill() {
        try {
            flush();
        } finally {
            tracker.client().setTerminated(runId, Service.RunStatus.KILLED, System.currentTimeMillis());
        }
    }

    /** Marks the run FAILED with the reason in the tag {@code failure_reason}. */
    public void fail(String reason) {
        try {
            flush();
        } finally {
            setTags(Map.of("failure_reason", reason));
            tracker.client().setTerminated(runId, Service.RunStatus.FAILED, System.currentTimeMillis());
        }
    }
}
