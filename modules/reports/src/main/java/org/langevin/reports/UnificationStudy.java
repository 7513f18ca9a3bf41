package org.langevin.reports;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.experiment.MetricNames;
import org.langevin.experiment.evaluation.NfeSweep;
import org.langevin.experiment.run.Provenance;
import org.langevin.experiment.run.TrainedModel;
import org.langevin.metrics.TwoSampleDistances;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;
import org.mlflow.tracking.MlflowHttpException;

/**
 * Three views of one model side by side: a score network and an energy network trained by denoising score matching
 * under the VP SDE, and velocity fields trained by flow matching under the rectified-flow and trigonometric
 * interpolants (independent and OT coupling, uniform weighting: the usual conditional flow matching objective), on the
 * data sets of the loss study, over seeds. Every cell is an MLflow
 * run; after training, each model is sampled by the fixed-step deterministic samplers at several NFE budgets
 * ({@link NfeSweep}). Writes {@code report.md}, {@code runs.csv} and {@code nfe.csv}.
 */
public final class UnificationStudy {
    /** A model: id, label, and the keys that make it. */
    record Model(String id, String label, List<String> sets) {}

    static final List<Model> MODELS = List.of(
            new Model("score", "score, DSM under VP", List.of("sde.type=vp", "score.parameterization=noise", "loss.type=dsm")),
            new Model("energy", "energy, DSM under VP", List.of("sde.type=vp", "score.parameterization=energy", "loss.type=dsm")),
            new Model("fm_rf", "flow matching, rectified flow", List.of("sde.type=rectified_flow", "score.parameterization=flow",
                    "loss.type=flow_matching",
                    "loss.weighting=uniform", "loss.coupling=independent")),
            // exact OT within blocks of 128 of the batch of 512: 16 times cheaper than the whole batch's O(n³) assignment
            new Model("fm_rf_ot", "flow matching, rectified flow, OT (blocks of 128)", List.of("sde.type=rectified_flow",
                    "score.parameterization=flow",
                    "loss.type=flow_matching", "loss.weighting=uniform", "loss.coupling=ot", "loss.ot_batch=128",
                    "sampler.type=ode_heun", "sampler.steps=50")), // a flow, not the SDE's score: probability-flow samplers only
            new Model("fm_trig", "flow matching, trig", List.of("sde.type=trig", "score.parameterization=flow", "loss.type=flow_matching",
                    "loss.weighting=uniform", "loss.coupling=independent")));

    /** The fixed-step deterministic samplers of the probability-flow ODE, and the budgets they are given. */
    static final List<String> SAMPLERS = Catalogue.deterministicSamplers();
    static final int[] BUDGETS = {5, 10, 20, 50, 100};
    /** Disjoint draws of the training split compared with the test split to measure the energy distance's spread between two draws of the data. */
    static final int NULL_DRAWS = 10;

    public static List<String> ids() {
        return MODELS.stream().map(Model::id).toList();
    }

    /**
     * One trained model and its NFE sweep. {@code threshold}: the energy distance a model must reach to count as "at the
     * data" — the mean plus two standard deviations of the distance between {@link #NULL_DRAWS} disjoint draws of the
     * training split and the test split (both estimators are unbiased, so a single floor can even be negative).
     */
    record Row(String data, Model model, long seed, String runId, Map<String, Double> metrics, List<NfeSweep.Point> sweep, double threshold) {
        /** KL(p ‖ p_θ) estimate: the NLL gap on mixtures, NLL − log 32 on the checkerboard. */
        double gap() {
            return data.equals("checkerboard") ? metric(MetricNames.NLL) - LossStudy.CHECKERBOARD_ENTROPY : metric(MetricNames.NLL_GAP);
        }

        /** A logged metric, NaN if the run did not log it. */
        double metric(String name) {
            return metrics.getOrDefault(name, Double.NaN);
        }

        /** The best sampler's energy distance at a budget. */
        double best(int budget) {
            return sweep.stream().filter(p -> p.budget() == budget).mapToDouble(NfeSweep.Point::energyDistance).filter(Double::isFinite)
                    .min().orElse(Double.NaN);
        }

        /** The smallest budget at which some sampler reaches the data (Integer.MAX_VALUE: none of them). */
        int budgetToFloor() {
            for (int b : BUDGETS) if (best(b) <= threshold) return b;
            return Integer.MAX_VALUE;
        }
    }

    private final Path home;
    private final PrintStream log;
    private final Map<String, String> env;

    public UnificationStudy(Path home, PrintStream log, Map<String, String> env) {
        this.home = home;
        this.log = log;
        this.env = env;
    }

    /** Runs every cell, rewriting the report after each (an interrupted study leaves a usable report). */
    public List<Row> run(List<Path> experiments, List<String> models, List<Long> seeds, List<String> overrides, Path folder,
            String command) throws IOException {
        List<Row> rows = new ArrayList<>();
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (Path experiment : experiments) {
            String data = name(experiment);
            for (Model m : MODELS.stream().filter(m -> models.contains(m.id())).toList()) {
                for (long seed : seeds) {
                    List<String> sets = new ArrayList<>(m.sets());
                    sets.addAll(List.of("experiment=unification", "seed=" + seed, "tracking.run_name=" + data + "-" + m.id() + "-seed" + seed));
                    sets.addAll(overrides);
                    log.printf(Locale.ROOT, "%s: %s, seed %d%n", data, m.label(), seed);
                    ExperimentRunner.Result r = new ExperimentRunner(home, log).run(ExperimentConfig.load(experiment, sets), env);
                    List<NfeSweep.Point> sweep = TrainedModel.load(null, r.runId(), List.of(), env).nfeSweep(SAMPLERS, BUDGETS);
                    Row row = new Row(data, m, seed, r.runId(), r.metrics(), sweep,
                            thresholds.computeIfAbsent(data + "/" + seed, k -> threshold(experiment, seed, overrides)));
                    log.printf(Locale.ROOT, "  gap %.4f  straightness %.3f  energy distance at 10 NFE %.5f  run %s%n", row.gap(),
                            r.metrics().get(MetricNames.STRAIGHTNESS), row.best(10), r.runId());
                    rows.add(row);
                    writeCsv(folder, rows);
                    new UnificationStudyReport(home, rows, seeds, command).write(folder);
                }
            }
        }
        return rows;
    }

    private static String name(Path experiment) {
        return experiment.getFileName().toString().replaceFirst("\\.yaml$", "");
    }

    /** The energy distance between two draws of the data that a model must reach: mean + 2 sd over disjoint draws of the training split. */
    static double threshold(Path experiment, long seed, List<String> overrides) {
        List<String> sets = new ArrayList<>(overrides);
        sets.add("seed=" + seed);
        Dataset data = ExperimentParts.build(ExperimentConfig.load(experiment, sets)).data();
        double[][] test = Arrays2.toMatrix(data.test());
        double[][] train = Arrays2.toMatrix(data.train());
        int n = test.length;
        double[] distances = new double[Math.min(NULL_DRAWS, train.length / n)];
        for (int k = 0; k < distances.length; k++) {
            distances[k] = TwoSampleDistances.energyDistance(Arrays.copyOfRange(train, k * n, (k + 1) * n), test);
        }
        double mean = Arrays.stream(distances).average().orElse(Double.NaN);
        double sd = Math.sqrt(Arrays.stream(distances).map(d -> (d - mean) * (d - mean)).sum() / Math.max(1, distances.length - 1));
        return mean + 2 * sd;
    }

    /**
     * Rebuilds report.md from the folder's runs.csv (run ids; their metrics read back from MLflow) and nfe.csv, training
     * nothing. The CSV files are rewritten only when every row was rebuilt, so a subset of data sets, models or seeds loses
     * none of them.
     */
    public void rerender(List<Path> experiments, List<String> modelIds, List<Long> seeds, List<String> overrides, Path folder, String command)
            throws IOException {
        Map<String, Path> byName = new LinkedHashMap<>();
        experiments.forEach(e -> byName.put(name(e), e));
        Map<String, Model> models = new LinkedHashMap<>();
        MODELS.forEach(m -> models.put(m.id(), m));
        Map<String, List<NfeSweep.Point>> sweeps = new LinkedHashMap<>();
        for (Map<String, String> p : table(folder.resolve("nfe.csv"))) {
            sweeps.computeIfAbsent(p.get("data") + "/" + p.get("model") + "/" + p.get("seed"), k -> new ArrayList<>())
                    .add(new NfeSweep.Point(p.get("sampler"),
                    Integer.parseInt(p.get("budget")), Long.parseLong(p.get("nfe")), Double.parseDouble(p.get("mmd2")),
                            Double.parseDouble(p.get("energy_distance")), Double.NaN));
        }
        List<Row> rows = new ArrayList<>();
        Map<String, Double> thresholds = new LinkedHashMap<>();
        List<Map<String, String>> table = table(folder.resolve("runs.csv"));
        try (Tracker tracker = TrackingSetup.connect(env.get("MLFLOW_TRACKING_URI"), home, env)) { // every metric the runs logged
            for (Map<String, String> r : table) {
                String data = r.get("data");
                long seed = Long.parseLong(r.get("seed"));
                if (!byName.containsKey(data) || !seeds.contains(seed) || !modelIds.contains(r.get("model"))) continue;
                rows.add(new Row(data, models.get(r.get("model")), seed, r.get("run_id"), loggedMetrics(tracker, r.get("run_id"), folder),
                        sweeps.getOrDefault(data + "/" + r.get("model") + "/" + seed, List.of()),
                        thresholds.computeIfAbsent(data + "/" + seed, k -> threshold(byName.get(data), seed, overrides))));
            }
        }
        if (rows.size() == table.size()) writeCsv(folder, rows); // every row rebuilt: the CSV files in the current layout
        new UnificationStudyReport(home, rows, seeds, command).write(folder);
    }

    /** Every metric a run of the report logged; a run this server does not hold (the report came from another machine) is refused in one line. */
    private static Map<String, Double> loggedMetrics(Tracker tracker, String runId, Path folder) {
        try {
            return tracker.getRun(runId).metrics();
        } catch (MlflowHttpException e) {
            if (e.getStatusCode() != 404) throw e;
            throw new ConfigException("--rerender", "run " + runId + " of " + folder.resolve("runs.csv") + " is not on the MLflow server at "
                    + tracker.uri() + ": a report rerenders where its runs are; elsewhere, run the study again (report unification --out DIR)");
        }
    }

    /** A CSV file with a header row, as one map per row (Apache Commons CSV). */
    private static List<Map<String, String>> table(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new ConfigException("--rerender", "no " + file + " to rebuild the report from");
        try (var reader = Files.newBufferedReader(file);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            return parser.getRecords().stream().map(CSVRecord::toMap).toList();
        }
    }

    /** Rows grouped by data set, then model, in study order. */
    static Map<String, Map<Model, List<Row>>> cells(List<Row> rows) {
        Map<String, Map<Model, List<Row>>> cells = new LinkedHashMap<>();
        for (Row r : rows) cells.computeIfAbsent(r.data(), k -> new LinkedHashMap<>()).computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r);
        return cells;
    }

    static String commit(Path home) {
        return Provenance.commit(home);
    }

    static void writeCsv(Path folder, List<Row> rows) throws IOException {
        Files.createDirectories(folder);
        StringBuilder runs = new StringBuilder("data,model,seed,run_id,test_nll_nats,nll_gap_nats,mmd2,mmd2_data_floor,"
                + "energy_distance,energy_distance_data_floor,straightness,"
                + "nonconservative,budget_to_data,threshold,train_seconds\n");
        StringBuilder nfe = new StringBuilder("data,model,seed,sampler,budget,nfe,mmd2,energy_distance\n");
        for (Row r : rows) {
            runs.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%.6f,%.6f,%.8f,%.8f,%.6f,%.6f,%.6f,%.3e,%s,%.6f,%.2f%n", r.data(), r.model()
                    .id(), r.seed(), r.runId(),
                    r.metric(MetricNames.NLL), r.gap(), r.metric(MetricNames.MMD2), r.metric(MetricNames.MMD2_DATA_FLOOR),
                            r.metric(MetricNames.ENERGY_DISTANCE),
                    r.metric(MetricNames.ENERGY_DISTANCE_DATA_FLOOR),
                    r.metric(MetricNames.STRAIGHTNESS), r.metric(MetricNames.NON_CONSERVATIVE),
                    r.budgetToFloor() == Integer.MAX_VALUE ? "" : String.valueOf(r.budgetToFloor()), r.threshold(),
                            r.metric(MetricNames.TRAIN_SECONDS)));
            for (NfeSweep.Point p : r.sweep()) {
                nfe.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%d,%d,%.8f,%.6f%n", r.data(), r.model().id(), r.seed(), p.sampler(),
                        p.budget(), p.nfe(),
                        p.mmd2(), p.energyDistance()));
            }
        }
        Files.writeString(folder.resolve("runs.csv"), runs.toString());
        Files.writeString(folder.resolve("nfe.csv"), nfe.toString());
    }
}
