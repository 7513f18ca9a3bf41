package org.langevin.cli;

import java.util.Map;
import java.util.TreeMap;

/** The reproducibility rule: timing figures end in _seconds or _per_s; every other metric must be bit-identical. */
final class Timings {
    private Timings() {}

    static boolean isTiming(String metric) {
        return metric.endsWith("_seconds") || metric.endsWith("_per_s");
    }

    static Map<String, Double> withoutTimings(Map<String, Double> metrics) {
        Map<String, Double> out = new TreeMap<>();
        metrics.forEach((k, v) -> {
            if (!isTiming(k)) out.put(k, v);
        });
        return out;
    }
}
