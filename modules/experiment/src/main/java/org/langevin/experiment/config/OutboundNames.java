package org.langevin.experiment.config;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.langevin.core.ConfigException;
import org.langevin.core.Settings;
import org.langevin.sweep.CellInput;
import org.langevin.tracking.Redaction;

/**
 * Names that leave the process as they are: the experiment, the run, the registered model, tag keys, the sweep (its
 * parent run and log folder). Redaction masks values; a name it would have to change holds a secret, so it is refused
 * before any run, as is a name MLflow would refuse after the work was done.
 */
public final class OutboundNames {
    /** MLflow's limits: experiment names up to 500 characters, run names and entity keys up to 250. */
    private static final int MAX_EXPERIMENT = 500;
    private static final int MAX_KEY = 250;
    /** Tags the run writes itself (besides MLflow's mlflow.* and the sweep's sweep.*): a --tag must not replace them. */
    private static final Set<String> OWNED = Set.of("config_hash", "train_hash", "job", "seed", "git_commit", "git_dirty", "langevin_version",
            "java_version", "nd4j_version", "backend", "threads", "failure_reason", "stopped_step", "failed_step", "failed_stage",
            "ema_choice", "trained_run_id", "train_reused_from", "rerun_of", "offline_run_id", "lease");

    private OutboundNames() {}

    /** The experiment and run names and the registered model of a run's settings. */
    public static void check(Settings s) {
        name("experiment", s.string("experiment"), MAX_EXPERIMENT);
        if (s.has("tracking.run_name") && !s.string("tracking.run_name").isEmpty()) name("tracking.run_name", s.string("tracking.run_name"), MAX_KEY);
        registeredModel(s);
    }

    /** tracking.register_model: empty (or unset) registers nothing; else a name MLflow's registry takes (no '/' or ':'). */
    public static Optional<String> registeredModel(Settings s) {
        if (!s.has("tracking.register_model") || s.string("tracking.register_model").isEmpty()) return Optional.empty();
        String model = s.string("tracking.register_model");
        name("tracking.register_model", model, MAX_KEY);
        if (model.contains("/") || model.contains(":")) {
            throw new ConfigException("tracking.register_model", "'" + model
                    + "' holds '/' or ':', which MLflow's model registry refuses; e.g. fashion-unet");
        }
        if (!model.equals(model.strip())) throw new ConfigException("tracking.register_model", "starts or ends with a space");
        return Optional.of(model);
    }

    /** A name: one line of printable text, not blank, within MLflow's length, and without a secret in it. */
    public static void name(String key, String name, int max) {
        if (name.isBlank()) throw new ConfigException(key, "must not be blank");
        if (name.length() > max) throw new ConfigException(key, "must be at most " + max + " characters, got " + name.length());
        if (name.chars().anyMatch(Character::isISOControl)) throw new ConfigException(key, "must be one line of printable characters");
        if (Redaction.holdsSecret(name)) {
            throw new ConfigException(key, "holds a secret (a password, token or credential of the configuration or the environment); "
                    + "names are stored and shown as they are: choose one without it");
        }
    }

    /**
     * A --tag the user adds: a valid MLflow tag key (letters, digits, _ - . / : and spaces), not one that MLflow
     * (mlflow.*) or the run itself owns, nor a configuration key (a sweep tags its grid values under their keys).
     */
    public static void userTag(String key, Set<String> configKeys) {
        name("--tag", key, MAX_KEY);
        if (!key.matches("[\\w./: -]+") || key.startsWith("/") || key.contains("..")) {
            throw new ConfigException("--tag", "'" + key + "' is not a tag key MLflow takes: letters, digits, _ - . / : and spaces");
        }
        if (owned(key) || configKeys.contains(key)) {
            throw new ConfigException("--tag", "'" + key + "' is a tag the run writes itself (mlflow.*, sweep and sweep.*, configuration keys and "
                    + new TreeSet<>(OWNED) + "): choose another key");
        }
    }

    /** A tag a sweep hands its cell on standard input: its parent, sweep.*, the seed or a grid (configuration) key, nothing else. */
    public static void cellTag(String key, Set<String> configKeys) {
        boolean placement = key.equals("mlflow.parentRunId") || key.equals("sweep") || key.startsWith("sweep.") || key.equals("seed")
                || configKeys.contains(key);
        if (!placement) throw new ConfigException(CellInput.OPTION, "'" + key + "' is not a tag a sweep gives its cells");
    }

    /** True for a tag the run writes itself; the test that every tag of a run is owned or given keeps {@link #OWNED} whole. */
    public static boolean owned(String key) {
        return key.startsWith("mlflow.") || key.equals("sweep") || key.startsWith("sweep.") || OWNED.contains(key);
    }
}
