package org.langevin.experiment.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.langevin.tracking.Redaction;

/** The hashes of a resolved configuration: of all of it (config_hash), as an earlier version had it, and of its training. */
final class ConfigHash {
    private ConfigHash() {}

    /**
     * SHA-256 of the resolved YAML, first 16 hex digits: equal configs have equal hashes. Credentials do not count (a
     * secret key at its default, a URI without its {@code user:password@}), so a rerun whose credentials come from the
     * environment (run --from-run) has the hash of the run it repeats.
     */
    static String of(Map<String, Object> resolved) {
        return over(resolved, key -> true);
    }

    /**
     * The {@link #hash} a run made by an earlier version carries, whose logged resolved YAML lacks the keys added since:
     * the hash over its keys alone, when every key it lacks is at its default here (a key added since, at its default,
     * changes nothing that run did); empty otherwise.
     */
    static Optional<String> asOf(Map<String, Object> resolved, String resolvedYaml) {
        Set<String> known = ConfigYaml.flatten(ConfigYaml.parse(resolvedYaml, "a run's resolved configuration"), "resolved").keySet();
        Map<String, Object> defaults = ExperimentConfig.defaults();
        for (Map.Entry<String, Object> e : resolved.entrySet()) {
            if (!known.contains(e.getKey()) && !Objects.equals(e.getValue(), defaults.get(e.getKey()))) return Optional.empty();
        }
        return Optional.of(over(resolved, known::contains));
    }

    private static String over(Map<String, Object> resolved, Predicate<String> keys) {
        Map<String, Object> defaults = ExperimentConfig.defaults();
        Map<String, Object> hashed = new TreeMap<>();
        resolved.forEach((key, value) -> {
            if (!keys.test(key)) return;
            Object shown = ExperimentConfig.redacted(key, value);
            hashed.put(key, Redaction.isSecretKey(key) ? defaults.get(key) : shown instanceof String text
                    ? Redaction.withoutMaskedCredentials(text) : shown);
        });
        return sha256(ConfigYaml.dump(hashed));
    }

    /** Training keys that say what a run logs or keeps along the way, not what it trains: not part of the training hash. */
    private static final Set<String> WATCHING = Set.of("train.reuse", "train.checkpoint_every", "train.log_every", "train.sample_every",
            "train.eval_every", "train.eval_samples");

    /**
     * Hash of what determines the trained weights: the seed and the data, sde, score, loss and train sections, without
     * the keys that only watch training (checkpoints, logging, previews, FID passes, reuse).
     */
    static String training(Map<String, Object> resolved) {
        StringBuilder text = new StringBuilder();
        resolved.forEach((key, value) -> {
            boolean training = key.equals("seed") || key.matches("(data|sde|score|loss|train)\\..*");
            if (training && !WATCHING.contains(key)) text.append(key).append('=').append(value).append('\n');
        });
        return sha256(text.toString());
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
