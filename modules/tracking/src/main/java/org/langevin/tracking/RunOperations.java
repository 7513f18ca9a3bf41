package org.langevin.tracking;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

/** The MLflow calls behind a run's operations; {@link ServerUnavailable} when the server cannot take one now. */
final class RunOperations {
    private final Tracker tracker;
    private final String runId;
    private final String artifactUri;

    RunOperations(Tracker tracker, String runId, String artifactUri) {
        this.tracker = tracker;
        this.runId = runId;
        this.artifactUri = artifactUri;
    }

    /** A batch of metric values straight to the server (no JSON in between). */
    void metrics(List<MetricPoint> batch) {
        call(() -> tracker.client().logBatch(runId, batch.stream().map(MetricPoint::toProto).toList(), List.of(), List.of()));
    }

    /** One operation as the spool stores it (metrics, params, tags, inputs, artifact, terminate). */
    void send(ObjectNode op, Path artifact) {
        switch (op.get("type").asText()) {
            case "metrics" -> metrics(MetricPoint.fromSpool(op));
            case "params" -> {
                List<Service.Param> params = new ArrayList<>();
                op.get("params").fields().forEachRemaining(e -> params.add(Service.Param.newBuilder().setKey(e.getKey())
                        .setValue(e.getValue().asText()).build()));
                call(() -> tracker.client().logBatch(runId, List.of(), params, List.of()));
            }
            case "tags" -> {
                List<Service.RunTag> tags = new ArrayList<>();
                op.get("tags").fields().forEachRemaining(e -> tags.add(Service.RunTag.newBuilder().setKey(e.getKey()).setValue(e.getValue()
                        .asText()).build()));
                call(() -> tracker.client().logBatch(runId, List.of(), List.of(), tags));
            }
            case "artifact" -> call(() -> {
                try {
                    tracker.artifacts().upload(artifactUri, artifact, op.get("path").asText());
                } catch (IOException e) {
                    throw new ServerUnavailable(String.valueOf(e.getMessage()));
                }
            });
            case "inputs" -> call(() -> tracker.client().sendPost("runs/log-inputs",
                    Spool.JSON.createObjectNode().put("run_id", runId).set("datasets", op.get("datasets")).toString()));
            case "terminate" -> call(() -> tracker.client().setTerminated(runId, Service.RunStatus.valueOf(op.get("status").asText()),
                    op.get("end_time").asLong()));
            default -> throw new IllegalStateException("unknown spooled operation " + op);
        }
    }

    private static void call(Runnable request) {
        try {
            request.run();
        } catch (MlflowHttpException e) {
            if (e.getStatusCode() >= 500 || e.getStatusCode() == 429) throw new ServerUnavailable("HTTP " + e.getStatusCode());
            throw e;
        } catch (MlflowClientException e) {
            throw new ServerUnavailable(String.valueOf(e.getMessage()));
        }
    }

    /** The server did not take an operation now (connection refused, timeout, 5xx, 429). */
    static final class ServerUnavailable extends RuntimeException {
        ServerUnavailable(String message) {
            super(message);
        }
    }
}
