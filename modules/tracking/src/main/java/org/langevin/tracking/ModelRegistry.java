package org.langevin.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/**
 * MLflow's model registry over REST (the Java client only reads it): a registered model created on first use, a
 * version whose source is an artifact folder of the run that made it, and the version's tags.
 */
final class ModelRegistry {
    private ModelRegistry() {}

    /**
     * Registers {@code source} (an artifact folder of the run) as a new version of the registered model {@code name},
     * created if need be, with the given version tags; returns the version number.
     */
    static String register(MlflowClient client, String name, String runId, String source, Map<String, String> tags) {
        ObjectMapper json = Spool.JSON;
        try {
            client.sendPost("registered-models/create", json.createObjectNode().put("name", name).toString());
        } catch (MlflowHttpException e) {
            if (e.getBodyMessage() == null || !e.getBodyMessage().contains("RESOURCE_ALREADY_EXISTS")) throw e; // a later version of it
        }
        String created = client.sendPost("model-versions/create", json.createObjectNode().put("name", name).put("source", source)
                .put("run_id", runId).toString());
        String version;
        try {
            version = json.readTree(created).path("model_version").path("version").asText();
        } catch (IOException e) {
            throw new TrackingException("MLflow's answer to model-versions/create is not JSON: " + created, e);
        }
        tags.forEach((k, v) -> client.sendPost("model-versions/set-tag", json.createObjectNode().put("name", name).put("version", version)
                .put("key", k).put("value", Redaction.value(k, v)).toString()));
        return version;
    }
}
