package org.langevin.experiment.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.configuration2.CompositeConfiguration;
import org.apache.commons.configuration2.MapConfiguration;
import org.langevin.core.ConfigException;
import org.langevin.core.Registry;
import org.langevin.core.Settings;
import org.langevin.experiment.TempFolder;
import org.langevin.tracking.Redaction;
import org.langevin.tracking.Tracker;
import org.mlflow.tracking.MlflowClientException;

/**
 * The resolved experiment configuration: built-in defaults &lt; experiment file &lt; {@code --set key=value}, layered
 * with a Commons Configuration {@link CompositeConfiguration}. YAML is read with SnakeYAML (safe loader, no duplicate
 * keys) and flattened to dotted keys whose values stay scalars or (nested) lists, so matrices keep their shape.
 * Unknown keys and values of the wrong kind are rejected here, before anything runs.
 */
public final class ExperimentConfig {
    private static final String DEFAULTS = "defaults.yaml";

    private final Map<String, Object> resolved;
    private final CompositeConfiguration layers;
    private String summary = ""; // the experiment file's opening comment, up to its first full stop

    private ExperimentConfig(Map<String, Object> defaults, Map<String, Object> file, Map<String, Object> overrides) {
        layers = new CompositeConfiguration();
        layers.addConfiguration(new MapConfiguration(overrides));
        layers.addConfiguration(new MapConfiguration(file));
        layers.addConfiguration(new MapConfiguration(defaults));
        resolved = new TreeMap<>();
        for (String key : defaults.keySet()) resolved.put(key, layers.getProperty(key));
        Redaction.rememberAll(resolved); // from now on these secrets are masked wherever they would leave the process
    }

    /** Loads an experiment file (may be null for defaults only) and applies {@code key=value} overrides. */
    public static ExperimentConfig load(Path file, List<String> sets) {
        Map<String, Object> defaults = defaults();
        Map<String, Object> fromFile = file == null ? Map.of() : ConfigYaml.flatten(ConfigYaml.readFile(file), file.toString());
        ExperimentConfig config = of(defaults, fromFile, sets);
        if (file != null) config.summary = summary(file);
        return config;
    }

    /** The opening comment of an experiment file up to its first full stop (or its first 300 characters). */
    private static String summary(Path file) {
        StringBuilder text = new StringBuilder();
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.startsWith("#")) break;
                text.append(text.isEmpty() ? "" : " ").append(line.substring(1).trim());
            }
        } catch (IOException e) {
            return "";
        }
        int stop = text.indexOf(". ");
        String first = stop >= 0 ? text.substring(0, stop + 1) : text.toString();
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }

    /** The experiment file's one-line summary (its opening comment's first sentence), or "" without a file. */
    public String summary() {
        return summary;
    }

    /** A configuration from YAML text (a resolved config downloaded from a run) plus overrides. */
    public static ExperimentConfig fromYaml(String yamlText, String origin, List<String> sets) {
        return of(defaults(), KeyCheck.migrated(ConfigYaml.flatten(ConfigYaml.parse(yamlText, origin), origin)), sets);
    }

    /** The resolved configuration a run logged ({@code config/resolved.yaml}) plus overrides: rerunning it reproduces the run. */
    public static ExperimentConfig fromRun(Tracker tracker, String runId, List<String> sets, String option) throws IOException {
        try (TempFolder work = TempFolder.create("langevin-config-")) {
            Path yaml = tracker.downloadArtifact(runId, "config/resolved.yaml", work.resolve("resolved.yaml"));
            return fromYaml(Files.readString(yaml), "run " + runId, sets);
        } catch (MlflowClientException e) {
            throw new ConfigException(option, "run '" + runId + "' cannot be read from MLflow: " + e.getMessage());
        }
    }

    private static ExperimentConfig of(Map<String, Object> defaults, Map<String, Object> fromFile, List<String> sets) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) throw new ConfigException("--set", "expected key=value, got '" + set + "'");
            String key = set.substring(0, eq).trim();
            overrides.put(key, ConfigYaml.parseValue(set.substring(eq + 1), key));
        }
        KeyCheck.checkKeys(defaults, fromFile, "the experiment file");
        KeyCheck.checkKeys(defaults, overrides, "--set");
        Map<String, Object> file = new LinkedHashMap<>(fromFile);
        return new ExperimentConfig(withImplied(defaults, file, overrides), file, overrides);
    }

    /**
     * The defaults with what the chosen members imply for other families' keys ({@link org.langevin.core.Descriptor#implies}),
     * e.g. {@code loss.type: flow_matching} → {@code score.parameterization: flow}, where the file and --set leave such a key
     * unset or set it to {@code auto}; an {@code auto} that no chosen member decides is the key's default.
     */
    private static Map<String, Object> withImplied(Map<String, Object> defaults, Map<String, Object> fromFile, Map<String, Object> overrides) {
        Map<String, Object> implied = new LinkedHashMap<>();
        Set<String> impliable = new HashSet<>();
        for (Registry<?> registry : Catalogue.all()) {
            Object chosen = layered(registry.key(), defaults, fromFile, overrides);
            registry.all().forEach((name, member) -> member.descriptor().implies().forEach(setting -> {
                String key = setting.substring(0, setting.indexOf('='));
                impliable.add(key);
                if (name.equals(String.valueOf(chosen))) implied.put(key, ConfigYaml.parseValue(setting.substring(key.length() + 1), key));
            }));
        }
        Map<String, Object> out = new LinkedHashMap<>(defaults);
        for (String key : impliable) {
            boolean given = fromFile.containsKey(key) || overrides.containsKey(key);
            boolean auto = "auto".equals(layered(key, defaults, fromFile, overrides));
            if (implied.containsKey(key) && (!given || auto)) out.put(key, implied.get(key));
            if (auto) { // the file's or --set's auto decided here: the default layer wins over it
                fromFile.remove(key);
                overrides.remove(key);
            }
        }
        return out;
    }

    private static Object layered(String key, Map<String, Object> defaults, Map<String, Object> fromFile, Map<String, Object> overrides) {
        return overrides.containsKey(key) ? overrides.get(key) : fromFile.containsKey(key) ? fromFile.get(key) : defaults.get(key);
    }

    /** Typed access for the factories. */
    public Settings settings() {
        return new ResolvedSettings(resolved);
    }

    /** Every key with its resolved value (null for unset optional keys), sorted. */
    public Map<String, Object> resolved() {
        return Collections.unmodifiableMap(resolved);
    }

    /** The resolved configuration flattened to strings, for MLflow params (unset optional keys left out, secrets redacted). */
    public Map<String, String> flatStrings() {
        Map<String, String> out = new TreeMap<>();
        resolved.forEach((k, v) -> {
            if (v != null) out.put(k, String.valueOf(redacted(k, v)));
        });
        return out;
    }

    /** What may be logged of a value ({@link Redaction}): secret-looking keys become "***" when set, credentials in URIs are cut out. */
    public static Object redacted(String key, Object value) {
        return value instanceof String text ? Redaction.value(key, text) : value;
    }

    /**
     * The resolved configuration as a nested YAML document (keys sorted, secrets redacted): it is what runs log, and
     * rerunning it reproduces the run (secrets then come from the environment).
     */
    public String toYaml() {
        Map<String, Object> shown = new TreeMap<>();
        resolved.forEach((key, value) -> shown.put(key, redacted(key, value)));
        return ConfigYaml.dump(shown);
    }

    /** {@link ConfigHash#of}: equal configs have equal hashes, credentials aside. */
    public String hash() {
        return ConfigHash.of(resolved);
    }

    /** {@link ConfigHash#asOf}: the hash a run of an earlier version carries, from the resolved YAML it logged. */
    public Optional<String> hashAsOf(String resolvedYaml) {
        return ConfigHash.asOf(resolved, resolvedYaml);
    }

    /** {@link ConfigHash#training}: what determines the trained weights. */
    public String trainingHash() {
        return ConfigHash.training(resolved);
    }

    /** defaults.yaml, then every family's configuration fragment (its shared keys, then each member's own); a key defined twice is a bug. */
    public static Map<String, Object> defaults() {
        return Defaults.ALL;
    }

    /** Read once per process: the defaults and fragments are resources of the class path, and every load starts from them. */
    private static final class Defaults {
        static final Map<String, Object> ALL = Collections.unmodifiableMap(read());
    }

    private static Map<String, Object> read() {
        Map<String, Object> all = new LinkedHashMap<>(resource(ExperimentConfig.class, DEFAULTS));
        for (Catalogue.Fragment f : Catalogue.fragments()) {
            resource(f.owner(), f.resource()).forEach((key, value) -> {
                if (all.containsKey(key)) throw new IllegalStateException(key + " is defined twice (again in " + f.resource() + ")");
                all.put(key, value);
            });
        }
        return all;
    }

    private static Map<String, Object> resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " missing from the class path beside " + owner.getName());
            return ConfigYaml.flatten(ConfigYaml.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name), name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
