package org.langevin.tracking;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.mlflow.api.proto.Service;

/**
 * A run as read back from MLflow: its ids and name, status (RUNNING, FINISHED, FAILED, KILLED, SCHEDULED), start time
 * and end time (milliseconds since the epoch; 0 while running), params, tags and the latest value of each metric with its step.
 */
public record RunRecord(String runId, String experimentId, String runName, String status, long startTime, long endTime, Map<String, String> params,
                        Map<String, String> tags, Map<String, MetricPoint> latest) {

    public boolean finished() {
        return status.equals("FINISHED");
    }

    /** The latest value of each metric. */
    public Map<String, Double> metrics() {
        Map<String, Double> out = new TreeMap<>();
        latest.forEach((key, point) -> out.put(key, point.value()));
        return out;
    }

    /** The metrics logged at step 0: a run's final figures (curves such as train/loss are logged at their steps). */
    public Map<String, Double> finalMetrics() {
        Map<String, Double> out = new TreeMap<>();
        latest.forEach((key, point) -> {
            if (point.step() == 0) out.put(key, point.value());
        });
        return out;
    }

    static RunRecord of(Service.Run run) {
        Map<String, String> params = new TreeMap<>();
        run.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
        Map<String, String> tags = new TreeMap<>();
        run.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        Map<String, MetricPoint> latest = new LinkedHashMap<>();
        run.getData().getMetricsList().forEach(m -> latest.put(m.getKey(), MetricPoint.of(m)));
        return new RunRecord(run.getInfo().getRunId(), run.getInfo().getExperimentId(), run.getInfo().getRunName(), run.getInfo().getStatus().name(),
                run.getInfo().getStartTime(), run.getInfo().getEndTime(), Collections.unmodifiableMap(params),
                        Collections.unmodifiableMap(tags), Collections.unmodifiableMap(latest));
    }
}
