package org.langevin.experiment.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.langevin.core.ConfigException;
import org.langevin.core.UserFile;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Configuration text: YAML read with SnakeYAML's safe loader (no duplicate keys, no arbitrary types), flattened to dotted
 * keys whose values stay scalars or (nested) lists, and written back as nested sections.
 */
public final class ConfigYaml {
    private ConfigYaml() {}

    /** Dotted keys back to nested sections, keys sorted, as a block-style YAML document. */
    static String dump(Map<String, Object> flat) {
        Map<String, Object> nested = new TreeMap<>();
        flat.forEach((key, value) -> {
            String[] parts = key.split("\\.");
            Map<String, Object> node = nested;
            for (int i = 0; i + 1 < parts.length; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new TreeMap<String, Object>());
                node = child;
            }
            node.put(parts[parts.length - 1], value);
        });
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(200);
        return new Yaml(options).dump(nested);
    }

    static Object readFile(Path file) {
        try {
            return parse(UserFile.text(file), file.toString());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("experiment", e.getMessage());
        }
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    static Object parse(String text, String origin) {
        try {
            Object doc = yaml().load(text.startsWith("\uFEFF") ? text.substring(1) : text); // a UTF-8 byte-order mark is not content
            return doc == null ? Map.of() : doc;
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1) + ", column "
                    + (e.getProblemMark().getColumn() + 1);
            throw new ConfigException("experiment", "malformed YAML in " + origin + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException("experiment", "malformed YAML in " + origin + ": " + e.getMessage());
        }
    }

    public static Object parseValue(String text, String key) {
        try {
            return yaml().load(text);
        } catch (YAMLException e) {
            throw new ConfigException(key, "cannot parse the value '" + text + "'");
        }
    }

    static Map<String, Object> flatten(Object doc, String origin) {
        if (!(doc instanceof Map)) throw new ConfigException("experiment", origin + " must be a YAML mapping of sections (data:, sde:, ...)");
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", (Map<?, ?>) doc, out);
        return out;
    }

    static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child) flatten(key + ".", child, out);
            else out.put(key, e.getValue());
        }
    }
}
