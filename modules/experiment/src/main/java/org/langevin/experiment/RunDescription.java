package org.langevin.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.langevin.core.Settings;

/**
 * The Description of a run on its MLflow page (the tag mlflow.note.content, Markdown): the experiment file's one-line
 * summary, the family choices, and the headline metrics the run logged (with their standard errors and floors).
 */
final class RunDescription {
    static final String TAG = "mlflow.note.content";
    /** The headline metrics, in this order, where logged: each with the metric shown beside it in brackets, if any. */
    private static final List<String[]> HEADLINE = List.of(
            new String[] {MetricNames.BITS_PER_DIM, MetricNames.BITS_PER_DIM_STDERR, "±"},
            new String[] {MetricNames.NLL, MetricNames.NLL_STDERR, "±"},
            new String[] {MetricNames.NLL_GAP, MetricNames.NLL_GAP_STDERR, "±"},
            new String[] {MetricNames.FID, MetricNames.FID_FLOOR, "floor"},
            new String[] {MetricNames.KID, MetricNames.KID_FLOOR, "floor"},
            new String[] {MetricNames.PRECISION, null, null},
            new String[] {MetricNames.RECALL, null, null},
            new String[] {MetricNames.MMD2, MetricNames.MMD2_DATA_FLOOR, "floor"},
            new String[] {MetricNames.ENERGY_DISTANCE, MetricNames.ENERGY_DISTANCE_DATA_FLOOR, "floor"},
            new String[] {MetricNames.FISHER_DIVERGENCE, null, null},
            new String[] {MetricNames.WALL_SECONDS, null, null});

    private RunDescription() {}

    static String of(ExperimentConfig config, Map<String, Double> metrics) {
        Settings s = config.settings();
        StringBuilder md = new StringBuilder();
        if (!config.summary().isBlank()) md.append(config.summary()).append("\n\n");
        md.append("| data | SDE | score | loss | sampler |\n|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| %s | %s | %s (%s) | %s | %s, %s steps |%n%n", DatasetInputs.name(config), s.string("sde.type"),
                s.string("score.type"), s.string("score.parameterization"), s.string("loss.type"), s.string("sampler.type"), s.string("sampler.steps")));
        StringBuilder line = new StringBuilder();
        for (String[] h : HEADLINE) {
            Double v = metrics.get(h[0]);
            if (v == null) continue;
            line.append(line.isEmpty() ? "" : " · ").append(h[0]).append(" **").append(number(v)).append("**");
            Double beside = h[1] == null ? null : metrics.get(h[1]);
            if (beside != null) line.append(h[2].equals("±") ? " ± " + number(beside) : " (" + h[2] + " " + number(beside) + ")");
        }
        return md.append(line).append('\n').toString();
    }

    /** The headline metrics the run logged, as text (the version tags of a registered model). */
    static Map<String, String> headline(Map<String, Double> metrics) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String[] h : HEADLINE) {
            for (int k = 0; k < 2; k++) {
                if (h[k] != null && metrics.containsKey(h[k])) out.put(h[k], number(metrics.get(h[k])));
            }
        }
        return out;
    }

    private static String number(double v) {
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
