package org.langevin.experiment;

import java.util.Map;
import java.util.TreeMap;

/**
 * The reproducibility rule: timing figures end in _seconds or _per_s, and system metrics (system/…) measure the
 * machine; every other metric must be bit-identical.
 */
public final class Timings {
    private Timings() {}

    public static boolean isTiming(String metric) {
        return metric.endsWith("_seconds") || metric.endsWith("_per_s") || metric.startsWith("system/");
    }

    public static Map<String, Double> withoutTimings(Map<String, Double> metrics) {
        Map<String, Double> out = new TreeMap<>();
        metrics.forEach((k, v) -> {
            if (!isTiming(k)) out.put(k, v);
        });
        return out;
    }
}
