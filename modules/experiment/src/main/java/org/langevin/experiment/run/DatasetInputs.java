package org.langevin.experiment.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.langevin.core.Dataset;
import org.langevin.core.Settings;
import org.langevin.core.TrainingRows;
import org.langevin.data.DataModule;
import org.langevin.experiment.config.ExperimentConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A run's data as MLflow dataset inputs (the run page's Datasets, the runs table's dataset column and filter): the
 * training split (context "training") and the test split ("evaluation"), each with a name (data.type and the data.*
 * keys set away from their defaults), a digest (the first 16 hex digits of the SHA-256 of its rows), its source (the
 * file or folder read, else the generator with its seed), a schema (columns x0..x{D−1}, or the image or clip tensor
 * shape) and a profile (rows, mean, std).
 */
public final class DatasetInputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetInputs() {}

    public static ArrayNode of(ExperimentConfig config, Dataset data) {
        Settings s = config.settings();
        String name = name(config);
        ArrayNode inputs = JSON.createArrayNode();
        int[] testLabels = data.labels().map(Dataset.Labels::test).orElse(null);
        inputs.add(input(name, data.trainingRows().digest(), source(s, "data/train"), data, data.train(), data.onDemand().isPresent(), "training"));
        inputs.add(input(name + " (test)", TrainingRows.of(data.test(), testLabels).digest(), source(s, "data/test"), data, data.test(), false,
                "evaluation"));
        return inputs;
    }

    private static ObjectNode input(String name, String digest, ObjectNode source, Dataset data, INDArray rows, boolean onDemand, String context) {
        ObjectNode entry = JSON.createObjectNode();
        entry.putArray("tags").addObject().put("key", "mlflow.data.context").put("value", context);
        ObjectNode d = entry.putObject("dataset");
        d.put("name", name).put("digest", digest.substring(0, 16)).put("source_type", source.get("type").asText())
                .put("source", source.get("source").toString()).put("schema", schema(data).toString());
        ObjectNode profile = JSON.createObjectNode().put("num_rows", rows.rows()).put("num_elements", rows.length())
                .put("mean", rows.meanNumber().doubleValue()).put("std", rows.stdNumber().doubleValue());
        if (onDemand) profile.put("rows", "built per batch; the profile is of the evaluation draw");
        d.put("profile", profile.toString());
        return entry;
    }

    /** data.type and the data.* keys set away from their defaults (the path is the source, not the name). */
    public static String name(ExperimentConfig config) {
        Map<String, String> defaults = ExperimentConfig.load(null, List.of()).flatStrings();
        Map<String, String> set = config.flatStrings();
        StringBuilder keys = new StringBuilder();
        set.forEach((key, value) -> {
            if (key.startsWith("data.") && !key.equals("data.type") && !key.equals("data.path") && !value.equals(defaults.get(key))) {
                keys.append(keys.isEmpty() ? "" : ", ").append(key.substring(5)).append('=').append(value);
            }
        });
        String type = set.get("data.type");
        return keys.isEmpty() ? type : type + " (" + keys + ")";
    }

    /** {"type": local|code, "source": {...}}: the file or folder read, else the generator and its seed and stream. */
    private static ObjectNode source(Settings s, String stream) {
        ObjectNode out = JSON.createObjectNode();
        Optional<Path> file = DataModule.file(s);
        if (file.isPresent()) {
            out.put("type", "local").putObject("source").put("uri", file.get().toAbsolutePath().toString());
        } else {
            out.put("type", "code").putObject("source").putObject("tags").put("mlflow.source.name", "langevin data.type " + s.string("data.type"))
                    .put("seed", s.string("seed")).put("stream", stream);
        }
        return out;
    }

    /** Image or clip rows as a tensor (-1, frames, channels, height, width); points as double columns x0..x{D−1}. */
    private static ObjectNode schema(Dataset data) {
        ObjectNode schema = JSON.createObjectNode();
        if (data.grid().isPresent()) {
            var g = data.grid().get();
            ArrayNode spec = JSON.createArrayNode();
            ObjectNode tensor = spec.addObject().put("type", "tensor").putObject("tensor-spec").put("dtype", "float64");
            tensor.putArray("shape").add(-1).add(g.frames()).add(g.channels()).add(g.height()).add(g.width());
            schema.putObject("mlflow_tensorspec").put("features", spec.toString()).putNull("targets");
        } else {
            ArrayNode columns = schema.putArray("mlflow_colspec");
            for (int j = 0; j < data.dim(); j++) columns.addObject().put("type", "double").put("name", "x" + j).put("required", true);
        }
        return schema;
    }
}
