package org.langevin.experiment.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.langevin.core.ConfigException;
import org.langevin.core.UserFile;
import org.langevin.experiment.config.ConfigYaml;
import org.langevin.tracking.Redaction;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A sweep: a base experiment, overrides for every cell, a grid of config keys (the cartesian product, first key
 * outermost), combinations to exclude, and seeds. Each cell × seed becomes one run.
 */
public record SweepFile(Path file, String name, Path base, Map<String, Object> set, Map<String, List<Object>> grid,
                 List<Map<String, Object>> exclude, List<Long> seeds) {
    static final Set<String> KEYS = Set.of("name", "base", "set", "grid", "exclude", "seeds");

    /** One combination of grid values with one seed. */
    public record Cell(Map<String, Object> values, long seed) {
        /**
         * The varied keys and their values, e.g. "sde.type=vp loss.type=dsm" (the same for every seed), as redaction shows
         * them: it names runs, tags and log files, so a secret grid value reads {@code ***}.
         */
        String label() {
            List<String> parts = new ArrayList<>();
            values.forEach((k, v) -> parts.add(k + "=" + Redaction.value(k, yamlValue(v))));
            return parts.isEmpty() ? "base" : String.join(" ", parts);
        }

        public String runName() {
            return label() + " seed=" + seed;
        }
    }

    public static SweepFile load(Path file) {
        Object doc;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            doc = new Yaml(new SafeConstructor(options)).load(UserFile.text(file));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("sweep", e.getMessage());
        } catch (YAMLException e) {
            throw new ConfigException("sweep", "malformed YAML in " + file + ": " + e.getMessage());
        }
        if (!(doc instanceof Map<?, ?> top)) throw new ConfigException("sweep", file + " must be a mapping with keys " + new TreeSet<>(KEYS));
        for (Object key : top.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new ConfigException(String.valueOf(key), "unknown key in the sweep file " + file + "; valid keys: " + new TreeSet<>(KEYS));
            }
        }
        if (!(top.get("name") instanceof String name) || name.isBlank()) throw new ConfigException("name", "the sweep needs a name (text)");
        if (!(top.get("base") instanceof String baseText)) throw new ConfigException("base", "the sweep needs the base experiment file (a path)");
        Path base = file.toAbsolutePath().getParent().resolve(baseText).normalize();
        if (!Files.isRegularFile(base)) throw new ConfigException("base", "experiment file '" + base + "' does not exist");
        Map<String, Object> set = mapping(top.get("set"), "set");
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        mapping(top.get("grid"), "grid").forEach((key, values) -> {
            if (!(values instanceof List<?> list) || list.isEmpty()) {
                throw new ConfigException("grid." + key, "must be a non-empty list of values, e.g. [vp, ve]");
            }
            if (set.containsKey(key)) throw new ConfigException("grid." + key, "is also fixed in set:; give it in one place");
            if (key.equals("seed")) throw new ConfigException("grid.seed", "seeds go in the sweep's seeds: list");
            if (Redaction.isSecretKey(key)) { // its values would name the cells, their runs and their logs
                throw new ConfigException("grid." + key,
                        "is a secret: a grid names its cells by their values; set it once in set: or in the environment");
            }
            grid.put(key, new ArrayList<>(list));
        });
        List<Map<String, Object>> exclude = new ArrayList<>();
        Object ex = top.get("exclude");
        if (ex != null) {
            if (!(ex instanceof List<?> list)) throw new ConfigException("exclude",
                    "must be a list of mappings, e.g. [{sde.type: ve, loss.type: ksd}]");
            for (Object entry : list) {
                Map<String, Object> combination = mapping(entry, "exclude");
                for (String key : combination.keySet()) {
                    if (!grid.containsKey(key)) throw new ConfigException("exclude", "key '" + key + "' is not a grid key; grid keys: "
                            + grid.keySet());
                }
                exclude.add(combination);
            }
        }
        List<Long> seeds = new ArrayList<>();
        Object s = top.get("seeds");
        if (s == null) {
            seeds.add(0L);
        } else {
            if (!(s instanceof List<?> list) || list.isEmpty()) throw new ConfigException("seeds",
                    "must be a non-empty list of integers, e.g. [1, 2, 3]");
            for (Object seed : list) {
                if (!(seed instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new ConfigException("seeds", "must be integers, got '" + seed + "'");
                }
                seeds.add(n.longValue());
            }
        }
        if (set.containsKey("seed")) throw new ConfigException("set.seed", "seeds go in the sweep's seeds: list");
        return new SweepFile(file, name, base, set, grid, exclude, seeds);
    }

    /**
     * This sweep with {@code key=value} overrides (the command line's {@code --set}) added to its {@code set:}, where they
     * take the place of the file's values; a grid key or the seed cannot be overridden this way.
     */
    public SweepFile withOverrides(List<String> sets) {
        Map<String, Object> merged = new LinkedHashMap<>(set);
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new ConfigException("--set", "expected key=value, got '" + s + "'");
            String key = s.substring(0, eq).trim();
            if (grid.containsKey(key)) throw new ConfigException("--set", "'" + key + "' is a grid key of the sweep; change its values in " + file);
            if (key.equals("seed")) throw new ConfigException("--set", "seeds go in the sweep's seeds: list");
            merged.put(key, ConfigYaml.parseValue(s.substring(eq + 1), key));
        }
        return new SweepFile(file, name, base, merged, grid, exclude, seeds);
    }

    /** The MLflow experiment: set.experiment if given, else the sweep's name. */
    public String experiment() {
        Object e = set.get("experiment");
        return e == null ? name : String.valueOf(e);
    }

    /** Every cell × seed, grid order (first key outermost), excluded combinations left out, seeds innermost. */
    public List<Cell> cells() {
        List<Map<String, Object>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : combinations) {
                for (Object value : axis.getValue()) {
                    Map<String, Object> c = new LinkedHashMap<>(partial);
                    c.put(axis.getKey(), value);
                    next.add(c);
                }
            }
            combinations = next;
        }
        List<Cell> cells = new ArrayList<>();
        for (Map<String, Object> c : combinations) {
            if (exclude.stream().anyMatch(e -> e.entrySet().stream().allMatch(kv -> kv.getValue().equals(c.get(kv.getKey()))))) continue;
            for (long seed : seeds) cells.add(new Cell(c, seed));
        }
        return cells;
    }

    /** The {@code --set} overrides that make the base experiment into this cell. */
    public List<String> overrides(Cell cell) {
        List<String> sets = new ArrayList<>();
        set.forEach((k, v) -> sets.add(k + "=" + yamlValue(v)));
        cell.values().forEach((k, v) -> sets.add(k + "=" + yamlValue(v)));
        sets.add("seed=" + cell.seed());
        if (!set.containsKey("experiment")) sets.add("experiment=" + yamlValue(name));
        if (!set.containsKey("tracking.run_name")) sets.add("tracking.run_name=" + yamlValue(cell.runName()));
        return sets;
    }

    /** A value as one line of YAML (flow style), so that parsing it back gives the same value. */
    static String yamlValue(Object value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(value).strip();
    }

    private static Map<String, Object> mapping(Object node, String key) {
        if (node == null) return new LinkedHashMap<>();
        if (!(node instanceof Map<?, ?> map)) throw new ConfigException(key, "must be a mapping of dotted config keys to values");
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
