package org.langevin.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.langevin.core.ConfigException;

/**
 * What a sweep hands the child JVM of one cell on its standard input, as one JSON object {"set": [...], "tags": {...}}:
 * its --set values and the tags that place it in the sweep. A command line is readable by every local user (ps), so a
 * secret in a sweep's set: must not travel there.
 */
public record CellInput(List<String> overrides, Map<String, String> tags) {
    /** The option of {@code langevin run} that reads this from standard input. */
    public static final String OPTION = "--cell-input";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static String json(List<String> overrides, Map<String, String> tags) {
        ObjectNode root = JSON.createObjectNode();
        overrides.forEach(root.putArray("set")::add);
        ObjectNode tagNode = root.putObject("tags");
        tags.forEach(tagNode::put);
        return root.toString();
    }

    /** Reads the object a sweep wrote. */
    public static CellInput parse(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            List<String> overrides = new ArrayList<>();
            root.path("set").forEach(v -> overrides.add(v.asText()));
            Map<String, String> tags = new LinkedHashMap<>();
            root.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            return new CellInput(overrides, tags);
        } catch (JsonProcessingException e) {
            throw new ConfigException(OPTION, "standard input is not the JSON object a sweep writes: " + e.getOriginalMessage());
        }
    }
}
