package org.langevin.reports;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.langevin.core.Descriptor;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.experiment.MetricNames;
import org.langevin.experiment.run.Provenance;

/**
 * Every loss, and the weightings that matter, trained on the ring, the checkerboard and an unequal mixture over several seeds. Each cell is
 * a real MLflow run (the study's experiment files name the MLflow experiment), so the table can be compared in the
 * dashboard too. Writes {@code report.md} and {@code runs.csv}.
 */
public final class LossStudy {
    /** The entropy of the uniform law on the 8 dark squares (area 4 each) of the checkerboard: log 32. */
    static final double CHECKERBOARD_ENTROPY = Math.log(32);

    /** A loss configuration: its id (for --variants), the label shown, the loss type and the keys it sets. */
    record Variant(String id, String label, String loss, List<String> sets) {}

    /** Every loss of the registry with the default weighting and t sampling, then each variant its descriptor names. */
    static final List<Variant> VARIANTS = variants();

    private static List<Variant> variants() {
        List<Variant> out = new ArrayList<>();
        for (var member : Catalogue.losses().all().values()) {
            Descriptor d = member.descriptor();
            out.add(variant(d, List.of(), !d.variants().isEmpty()));
            for (List<String> extra : d.variants()) out.add(variant(d, extra, true));
        }
        return List.copyOf(out);
    }

    /** NLL-gap targets on the ring, by loss type. */
    static final Map<String, Double> RING_TARGETS = Map.of("dsm", 0.05, "ssm_vr", 0.10, "ksd", 0.20);

    /** Its id names the weighting (and importance sampling of t) when the loss is studied with more than one. */
    private static Variant variant(Descriptor d, List<String> extra, boolean named) {
        String loss = d.name();
        Map<String, Object> defaults = ExperimentConfig.load(null, extra).resolved();
        String weighting = String.valueOf(defaults.get("loss.weighting"));
        String tSampling = String.valueOf(defaults.get("loss.t_sampling"));
        boolean importance = tSampling.equals("importance");
        // settings other than the weighting and t sampling (flow matching's coupling) name the variant too
        List<String> others = extra.stream().filter(e -> !e.startsWith("loss.weighting=") && !e.startsWith("loss.t_sampling=")).toList();
        String suffix = others.stream().map(e -> "_" + e.substring(e.indexOf('=') + 1)).reduce("", String::concat);
        String id = named ? loss + "_" + weighting + (importance ? "_is" : "") + suffix : loss;
        String label = loss + ", " + weighting + (importance ? ", importance t" : "") + others.stream().map(e -> ", "
                + e.substring(e.indexOf('.') + 1)).reduce("", String::concat);
        // the parameterization the study measured: the noise one for every loss (flow matching included, which would default to flow)
        List<String> sets = new ArrayList<>(List.of("loss.type=" + loss, "loss.weighting=" + weighting, "loss.t_sampling=" + tSampling,
                "score.parameterization=noise"));
        sets.addAll(others);
        return new Variant(id, label, loss, List.copyOf(sets));
    }

    public static List<String> ids() {
        return VARIANTS.stream().map(Variant::id).toList();
    }

    /** One finished run. */
    record Row(String data, Variant variant, long seed, String runId, int steps, Map<String, Double> metrics) {
        double gap() {
            return data.equals("checkerboard") ? metrics.get(MetricNames.NLL) - CHECKERBOARD_ENTROPY : metrics.get(MetricNames.NLL_GAP);
        }
    }

    private final Path home;
    private final PrintStream log;
    private final Map<String, String> env;

    public LossStudy(Path home, PrintStream log, Map<String, String> env) {
        this.home = home;
        this.log = log;
        this.env = env;
    }

    /** Runs every cell, rewriting the report after each run (a long study leaves a usable report if interrupted). */
    public List<Row> run(List<Path> experiments, List<String> variants, List<Long> seeds, List<String> overrides, Path folder, String command)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path experiment : experiments) {
            for (Variant v : VARIANTS.stream().filter(v -> variants.contains(v.id())).toList()) {
                for (long seed : seeds) {
                    List<String> sets = new ArrayList<>(v.sets());
                    sets.add("seed=" + seed);
                    sets.add("tracking.run_name=" + v.id() + "-seed" + seed);
                    sets.addAll(overrides);
                    ExperimentConfig config = ExperimentConfig.load(experiment, sets);
                    String data = experiment.getFileName().toString().replaceFirst("\\.yaml$", ""); // ring, checkerboard, mixture
                    log.printf(Locale.ROOT, "%s: %s, seed %d%n", data, v.label(), seed);
                    ExperimentRunner.Result r = new ExperimentRunner(home, log).run(config, env);
                    Row row = new Row(data, v, seed, r.runId(), config.settings().integer("train.steps", 1), r.metrics());
                    log.printf(Locale.ROOT, "  NLL %.4f  gap %.4f  steps/s %.1f  run %s%n", r.metrics().get(MetricNames.NLL), row.gap(),
                            r.metrics().get(MetricNames.TRAIN_STEPS_PER_S), r.runId());
                    rows.add(row);
                    write(folder, rows, seeds, command);
                }
            }
        }
        return rows;
    }

    /** Writes report.md and runs.csv. */
    void write(Path folder, List<Row> rows, List<Long> seeds, String command) throws IOException {
        Files.createDirectories(folder);
        Map<String, Map<Variant, List<Row>>> cells = new LinkedHashMap<>();
        for (Row r : rows) cells.computeIfAbsent(r.data(), k -> new LinkedHashMap<>()).computeIfAbsent(r.variant(), k -> new ArrayList<>()).add(r);
        StringBuilder md = new StringBuilder("# Losses compared: NLL, Fisher divergence and sample quality\n\n");
        md.append("Generated by `").append(command).append("` from ")
                .append(String.join(" and ", cells.keySet().stream().map(d -> "`experiments/losses/" + d + ".yaml`").toList())).append(", ")
                .append("one MLflow run per cell and seed (MLflow experiment `losses`; run ids in `runs.csv`). ")
                .append(String.format(Locale.ROOT, "Every figure is the mean ± standard deviation over seeds %s, from one sitting on one machine "
                        + "(2 cores, one thread per run), code at commit `%s`.%n%n", seeds, Provenance.commit(home)));
        md.append("- **test NLL**: −log p_θ on 1000 held-out points through the probability-flow ODE (Dormand–Prince, exact divergence).\n")
                .append("- **NLL gap**: on the ring, the mean over the same points of log p(x) − log p_θ(x) with the exact mixture density, ")
                .append("an estimate of KL(p ‖ p_θ) = E[NLL] − H[p] that is free of the test set's own spread; on the checkerboard, ")
                .append("test NLL − log 32, its exact entropy.\n")
                .append("- **Fisher**: E_t σ_t² E_{p_t}‖s_θ − ∇log p_t‖² against the exact score of the ring (50 levels × 400 points).\n")
                .append("- **MMD²**: 2000 Euler–Maruyama samples (500 steps) against the test split, Gaussian kernel at the median bandwidth.\n")
                .append("- **train s**, **steps/s**: training wall time and rate.\n\n");
        for (Map.Entry<String, Map<Variant, List<Row>>> data : cells.entrySet()) {
            boolean ring = data.getKey().equals("ring");
            boolean exact = !data.getKey().equals("checkerboard"); // a Gaussian mixture: the exact density and score are known
            md.append("## ").append(data.getKey()).append("\n\n");
            md.append(exact ? "| loss | steps | test NLL (nats) | NLL gap (nats) | target | Fisher | MMD² | train s | steps/s "
                    + "|\n|---|---|---|---|---|---|---|---|---|\n"
                    : "| loss | steps | test NLL (nats) | NLL − log 32 (nats) | MMD² | train s | steps/s |\n|---|---|---|---|---|---|---|\n");
            for (Map.Entry<Variant, List<Row>> cell : data.getValue().entrySet()) {
                List<Row> runs = cell.getValue();
                md.append("| ").append(cell.getKey().label())
                        .append(" | ").append(runs.get(0).steps())
                        .append(" | ").append(MeanSd.of(runs, r -> r.metrics().get(MetricNames.NLL), "%.3f"))
                        .append(" | ").append(MeanSd.of(runs, Row::gap, "%.3f"));
                if (exact) {
                    Double target = ring ? RING_TARGETS.get(cell.getKey().loss()) : null;
                    double meanGap = runs.stream().mapToDouble(Row::gap).average().orElse(Double.NaN);
                    md.append(" | ").append(target == null ? "" : String.format(Locale.ROOT, "≤ %.2f %s", target, meanGap <= target ? "met"
                            : "**missed**"))
                            .append(" | ").append(MeanSd.of(runs, r -> r.metrics().get(MetricNames.FISHER_DIVERGENCE), "%.3f"));
                }
                md.append(" | ").append(MeanSd.of(runs, r -> r.metrics().get(MetricNames.MMD2), "%.5f"))
                        .append(" | ").append(MeanSd.of(runs, r -> r.metrics().get(MetricNames.TRAIN_SECONDS), "%.0f"))
                        .append(" | ").append(MeanSd.of(runs, r -> r.metrics().get(MetricNames.TRAIN_STEPS_PER_S), "%.1f")).append(" |\n");
            }
            Row any = data.getValue().values().iterator().next().get(0);
            md.append(String.format(Locale.ROOT, "%nData floor: MMD² between two draws of the data %.5f. %s%n%n", any.metrics()
                    .get(MetricNames.MMD2_DATA_FLOOR),
                    exact ? String.format(Locale.ROOT, "Entropy of the data law H[p] = %.4f nats (Monte Carlo, 100,000 draws).",
                            any.metrics().get(MetricNames.DATA_ENTROPY))
                            : String.format(Locale.ROOT, "Entropy of the checkerboard log 32 = %.4f nats.", CHECKERBOARD_ENTROPY)));
        }
        Files.writeString(folder.resolve("report.md"), md.toString());
        StringBuilder csv = new StringBuilder("data,loss,variant,seed,run_id,steps,test_nll_nats,nll_gap_nats,"
                + "fisher_divergence,mmd2,train_seconds,train_steps_per_s\n");
        for (Row r : rows) {
            csv.append(String.format(Locale.ROOT, "%s,%s,\"%s\",%d,%s,%d,%.6f,%.6f,%.6f,%.8f,%.2f,%.2f%n", r.data(), r.variant().loss(),
                    r.variant().label(),
                    r.seed(), r.runId(), r.steps(), r.metrics().get(MetricNames.NLL), r.gap(), r.metrics()
                            .getOrDefault(MetricNames.FISHER_DIVERGENCE, Double.NaN),
                    r.metrics().get(MetricNames.MMD2), r.metrics().get(MetricNames.TRAIN_SECONDS), r.metrics().get(MetricNames.TRAIN_STEPS_PER_S)));
        }
        Files.writeString(folder.resolve("runs.csv"), csv.toString());
    }
}
