package org.langevin.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.mlflow.api.proto.Service;

/** One value of a metric at a step, with the time it was logged (milliseconds since the epoch). */
public record MetricPoint(String key, double value, long step, long timestamp) {

    Service.Metric toProto() {
        return Service.Metric.newBuilder().setKey(key).setValue(value).setStep(step).setTimestamp(timestamp).build();
    }

    static MetricPoint of(Service.Metric m) {
        return new MetricPoint(m.getKey(), m.getValue(), m.getStep(), m.getTimestamp());
    }

    /** A batch as the spool's JSON operation (only when the batch must wait for the server). */
    static ObjectNode spoolOp(List<MetricPoint> batch) {
        ObjectNode op = Spool.JSON.createObjectNode().put("type", "metrics");
        var array = op.putArray("metrics");
        batch.forEach(m -> array.addObject().put("key", m.key).put("value", m.value).put("step", m.step).put("timestamp", m.timestamp));
        return op;
    }

    static List<MetricPoint> fromSpool(JsonNode op) {
        List<MetricPoint> out = new ArrayList<>();
        for (JsonNode m : op.get("metrics")) {
            out.add(new MetricPoint(m.get("key").asText(), m.get("value").asDouble(), m.get("step").asLong(), m.get("timestamp").asLong()));
        }
        return out;
    }
}
