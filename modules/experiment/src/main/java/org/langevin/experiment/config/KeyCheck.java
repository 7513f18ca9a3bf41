package org.langevin.experiment.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.langevin.core.ConfigException;
import org.langevin.tracking.Redaction;

/** Keys given in a file or with --set: each must be known (else a "did you mean"), and its value of the same kind as its default. */
final class KeyCheck {
    /** Keys that were renamed, old → new: a run logged before the rename still reads back; a file or --set is told the new name. */
    static final Map<String, String> RENAMED = Map.of("likelihood.solver", "likelihood.type");

    private KeyCheck() {}

    /**
     * A configuration a run logged, to run again: renamed keys under their new names, and no masked credential (a masked
     * secret is left unset and a masked {@code user:password@} is cut from its URI, so that the credentials come from the
     * environment or from --set, never "***").
     */
    static Map<String, Object> migrated(Map<String, Object> logged) {
        Map<String, Object> out = new LinkedHashMap<>();
        logged.forEach((key, value) -> {
            if (Redaction.isSecretKey(key) && Redaction.MASK.equals(value)) return;
            Object unmasked = value instanceof String text ? Redaction.withoutMaskedCredentials(text) : value;
            out.put(RENAMED.getOrDefault(key, key), unmasked);
        });
        return out;
    }

    static void checkKeys(Map<String, Object> defaults, Map<String, Object> given, String where) {
        for (Map.Entry<String, Object> e : given.entrySet()) {
            String key = e.getKey();
            if (RENAMED.containsKey(key)) throw new ConfigException(key, "was renamed: use " + RENAMED.get(key) + " (in " + where + ")");
            if (!defaults.containsKey(key)) {
                String prefix = key + ".";
                if (defaults.keySet().stream().anyMatch(k -> k.startsWith(prefix))) {
                    throw new ConfigException(key, "is a section, not a value (in " + where + ")");
                }
                throw new ConfigException(key, "unknown key in " + where + suggestion(key, defaults.keySet()));
            }
            checkKind(key, defaults.get(key), e.getValue());
        }
    }

    /** A value must be of the same kind as its default: number, true/false, text or list. */
    private static void checkKind(String key, Object defaultValue, Object value) {
        if (defaultValue == null || value == null) return;
        String expected = kind(defaultValue);
        String actual = kind(value);
        if (expected.equals("text") && !actual.equals("list")) return;
        if (!expected.equals(actual)) {
            throw new ConfigException(key, "must be " + article(expected) + ", got " + article(actual) + " ('" + value + "')");
        }
    }

    private static String kind(Object v) {
        if (v instanceof Boolean) return "true/false";
        if (v instanceof Number) return "number";
        if (v instanceof List) return "list";
        return "text";
    }

    private static String article(String kind) {
        return kind.equals("true/false") ? "true or false" : (kind.equals("list") ? "a list" : "a " + kind);
    }

    /** ", did you mean 'x'?" for the closest known key within edit distance 3, else the keys of its section. */
    static String suggestion(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(key, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        if (best != null && bestDistance <= 3) return "; did you mean '" + best + "'?";
        String section = key.contains(".") ? key.substring(0, key.indexOf('.') + 1) : "";
        List<String> same = new ArrayList<>();
        for (String k : known) if (!section.isEmpty() && k.startsWith(section)) same.add(k);
        return same.isEmpty() ? "" : "; keys of this section: " + new TreeSet<>(same);
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
