package org.langevin.experiment.run;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.langevin.core.Figure;
import org.langevin.core.Settings;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.MetricNames;

/**
 * The Description of a run on its MLflow page (the tag mlflow.note.content, Markdown): the experiment file's one-line
 * summary, the family choices, and the headline metrics the run logged (with their standard errors and floors).
 */
public final class RunDescription {
    static final String TAG = "mlflow.note.content";
    /** A headline metric, and beside it its standard error (±) or its floor, when the run logged one. */
    private record Headline(String metric, String beside, boolean floor) {}

    /** The headline metrics, in this order, where logged. */
    private static final List<Headline> HEADLINE = List.of(
            new Headline(MetricNames.BITS_PER_DIM, MetricNames.BITS_PER_DIM_STDERR, false),
            new Headline(MetricNames.NLL, MetricNames.NLL_STDERR, false),
            new Headline(MetricNames.NLL_GAP, MetricNames.NLL_GAP_STDERR, false),
            new Headline(MetricNames.FID, MetricNames.FID_FLOOR, true),
            new Headline(MetricNames.KID, MetricNames.KID_FLOOR, true),
            new Headline(MetricNames.PRECISION, null, false),
            new Headline(MetricNames.RECALL, null, false),
            new Headline(MetricNames.MMD2, MetricNames.MMD2_DATA_FLOOR, true),
            new Headline(MetricNames.ENERGY_DISTANCE, MetricNames.ENERGY_DISTANCE_DATA_FLOOR, true),
            new Headline(MetricNames.FISHER_DIVERGENCE, null, false),
            new Headline(MetricNames.WALL_SECONDS, null, false));

    private RunDescription() {}

    public static String of(ExperimentConfig config, Map<String, Double> metrics) {
        Settings s = config.settings();
        StringBuilder md = new StringBuilder();
        if (!config.summary().isBlank()) md.append(config.summary()).append("\n\n");
        md.append("| data | SDE | score | loss | sampler |\n|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| %s | %s | %s (%s) | %s | %s, %s steps |%n%n", DatasetInputs.name(config), s.string("sde.type"),
                s.string("score.type"), s.string("score.parameterization"), s.string("loss.type"), s.string("sampler.type"),
                        s.string("sampler.steps")));
        StringBuilder line = new StringBuilder();
        for (Headline h : HEADLINE) {
            Double v = metrics.get(h.metric());
            if (v == null) continue;
            line.append(line.isEmpty() ? "" : " · ").append(h.metric()).append(" **").append(number(v)).append("**");
            Double beside = h.beside() == null ? null : metrics.get(h.beside());
            if (beside != null) line.append(h.floor() ? " (floor " + number(beside) + ")" : " ± " + number(beside));
        }
        return md.append(line).append('\n').toString();
    }

    /** The headline metrics the run logged, as text (the version tags of a registered model). */
    public static Map<String, String> headline(Map<String, Double> metrics) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Headline h : HEADLINE) {
            for (String key : Arrays.asList(h.metric(), h.beside())) {
                if (key != null && metrics.containsKey(key)) out.put(key, number(metrics.get(key)));
            }
        }
        return out;
    }

    private static String number(double v) {
        return Figure.format(Math.abs(v) >= 1000 ? "%.0f" : "%.4g", v);
    }
}
