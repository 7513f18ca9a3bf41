package org.langevin.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.langevin.core.ConfigException;
import org.langevin.core.Figure;
import org.langevin.experiment.MetricNames;
import org.langevin.tracking.MetricPoint;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;

/**
 * Two sections of an image report read from FINISHED runs: one experiment over several seeds (mean ± sd of its sample
 * metrics, each beside the data's own value at the same n), and a recipe ablation, the FID that train.eval_every logged
 * against training minutes, charted and read at fixed minutes (linear interpolation between logged points). The minutes
 * are the run's own training seconds, or, given a speed run of the same settings, its steps divided by the speed run's
 * steps per second: then the curves may come from runs made at other times, on other machines or under load, and only
 * the speed runs need a quiet machine, in one sitting.
 */
final class RecipeSections {
    /** The minutes at which the ablation table reads each curve. */
    static final List<Double> MINUTES = List.of(30.0, 60.0);

    /** One run's FID curve: training minutes and FID at each logged step (steps per second: the speed run's, or NaN). */
    record Curve(String label, String runId, double[] minutes, double[] fid, double floor, double stepsPerSecond) {
        /** The FID at {@code m} minutes, interpolated; NaN before the first point or after the last. */
        double at(double m) {
            for (int i = 1; i < minutes.length; i++) {
                if (m >= minutes[i - 1] && m <= minutes[i]) {
                    double w = (m - minutes[i - 1]) / (minutes[i] - minutes[i - 1]);
                    return fid[i - 1] + w * (fid[i] - fid[i - 1]);
                }
            }
            return Double.NaN;
        }
    }

    private RecipeSections() {}

    /** Settings a speed run may change from its ablation run: they change how long a run lasts or what it evaluates, not a step's cost. */
    static final List<String> SPEED_RUN_FREEDOMS = List.of("threads", "train.steps", "train.eval_every", "train.eval_samples",
            "train.checkpoint_every", "sampler.n_samples", "likelihood.");

    /**
     * The FID curve a run logged (eval/fid by step), in minutes: the run's own eval/train_seconds, or its steps over the
     * steps per second of {@code speed} (null for none), a run of the same settings but {@link #SPEED_RUN_FREEDOMS}.
     */
    static Curve curve(Tracker tracker, String label, RunRecord run, RunRecord speed) {
        String runId = run.runId();
        List<MetricPoint> fid = tracker.metricHistory(runId, MetricNames.EVAL_FID);
        List<MetricPoint> seconds = tracker.metricHistory(runId, MetricNames.EVAL_TRAIN_SECONDS);
        List<MetricPoint> floor = tracker.metricHistory(runId, MetricNames.EVAL_FID_FLOOR);
        if (fid.isEmpty() || fid.size() != seconds.size()) {
            throw new ConfigException("--ablation", "run " + runId + " logged no FID curve (train.eval_every)");
        }
        double[] m = seconds.stream().mapToDouble(p -> p.value() / 60).toArray();
        double stepsPerSecond = Double.NaN;
        if (speed != null) {
            stepsPerSecond = speedOf(run, speed);
            double s = stepsPerSecond;
            m = fid.stream().mapToDouble(p -> p.step() / s / 60).toArray();
        }
        double[] f = fid.stream().mapToDouble(MetricPoint::value).toArray();
        return new Curve(label, runId, m, f, floor.isEmpty() ? Double.NaN : floor.get(floor.size() - 1).value(), stepsPerSecond);
    }

    /** The training steps per second of a speed run, once its settings are the ablation run's but for the freedoms. */
    static double speedOf(RunRecord run, RunRecord speed) {
        Set<String> keys = new TreeSet<>(run.params().keySet());
        keys.addAll(speed.params().keySet());
        for (String key : keys) {
            if (SPEED_RUN_FREEDOMS.stream().anyMatch(key::startsWith)) continue;
            if (!Objects.equals(run.params().get(key), speed.params().get(key))) {
                throw new ConfigException("--ablation-speed", "run " + speed.runId() + " is not a speed run of " + run.runId() + ": " + key
                        + " is " + speed.params().get(key) + ", not " + run.params().get(key));
            }
        }
        Double s = speed.finalMetrics().get(MetricNames.TRAIN_STEPS_PER_S);
        if (s == null || !(s > 0)) throw new ConfigException("--ablation-speed", "run " + speed.runId() + " logged no training speed");
        return s;
    }

    /** The ablation: a chart of FID against training minutes and a table of the FID at 30 and 60 minutes. */
    static String ablation(List<Curve> curves, Path plots) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(620).title("FID of 500 samples against training minutes")
                .xAxisTitle("training minutes").yAxisTitle("FID (500 samples)").build();
        for (Curve c : curves) chart.addSeries(c.label(), c.minutes(), c.fid());
        double last = curves.stream().mapToDouble(c -> c.minutes()[c.minutes().length - 1]).max().orElse(60);
        double floor = curves.stream().mapToDouble(Curve::floor).filter(Double::isFinite).average().orElse(Double.NaN);
        if (Double.isFinite(floor)) chart.addSeries("floor (training vs test images)", new double[] {0, last}, new double[] {floor, floor});
        BitmapEncoder.saveBitmap(chart, plots.resolve("fid_vs_minutes.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        StringBuilder md = new StringBuilder("| step | run | steps/s |");
        MINUTES.forEach(m -> md.append(String.format(Locale.ROOT, " FID at %.0f min |", m)));
        md.append(" last point (min, FID) |\n|---|---|---|").append("---|".repeat(MINUTES.size() + 1)).append('\n');
        for (Curve c : curves) {
            md.append("| ").append(c.label()).append(" | `").append(abbreviated(c.runId())).append("` | ")
                    .append(Double.isNaN(c.stepsPerSecond()) ? "own clock" : Figure.format("%.3f", c.stepsPerSecond())).append(" |");
            for (double m : MINUTES) md.append(' ').append(Double.isNaN(c.at(m)) ? "not reached" : Figure.format("%.1f", c.at(m))).append(" |");
            int n = c.minutes().length - 1;
            md.append(' ').append(Figure.format("%.0f", c.minutes()[n])).append(", ").append(Figure.format("%.1f", c.fid()[n])).append(" |\n");
        }
        md.append("\n![FID against training minutes](plots/fid_vs_minutes.png)\n");
        return md.toString();
    }

    /** One experiment over seeds: each run's sample metrics and their mean ± sd, the data's own values beside them. */
    static String seeds(List<RunRecord> runs) {
        List<String[]> columns = List.of(new String[] {"FID", MetricNames.FID}, new String[] {"FID floor", MetricNames.FID_FLOOR},
                new String[] {"precision", MetricNames.PRECISION}, new String[] {"precision, data", MetricNames.PRECISION_DATA},
                new String[] {"recall", MetricNames.RECALL}, new String[] {"recall, data", MetricNames.RECALL_DATA},
                new String[] {"test bits/dim", MetricNames.BITS_PER_DIM}, new String[] {"wall s", MetricNames.WALL_SECONDS});
        StringBuilder md = new StringBuilder("| seed | run | FID / floor |");
        columns.forEach(c -> md.append(' ').append(c[0]).append(" |"));
        md.append("\n|---|---|---|").append("---|".repeat(columns.size())).append('\n');
        List<Map<String, Double>> metrics = new ArrayList<>();
        for (RunRecord run : runs) {
            Map<String, Double> m = run.finalMetrics();
            metrics.add(m);
            md.append("| ").append(run.params().getOrDefault("seed", "?")).append(" | `").append(abbreviated(run.runId())).append("` | ")
                    .append(Figure.format("%.2f", ratio(m))).append(" |");
            columns.forEach(c -> md.append(' ').append(m.containsKey(c[1]) ? Figure.format("%.4g", m.get(c[1])) : "").append(" |"));
            md.append('\n');
        }
        md.append("| mean ± sd | | ").append(MeanSd.of(metrics, RecipeSections::ratio, "%.2f")).append(" |");
        columns.forEach(c -> md.append(' ').append(metrics.stream().allMatch(m -> m.containsKey(c[1]))
                ? MeanSd.of(metrics, m -> m.get(c[1]), "%.4g") : "").append(" |"));
        return md.append('\n').toString();
    }

    private static String abbreviated(String runId) {
        return runId.length() > 8 ? runId.substring(0, 8) : runId;
    }

    private static double ratio(Map<String, Double> m) {
        return m.getOrDefault(MetricNames.FID, Double.NaN) / m.getOrDefault(MetricNames.FID_FLOOR, Double.NaN);
    }
}
