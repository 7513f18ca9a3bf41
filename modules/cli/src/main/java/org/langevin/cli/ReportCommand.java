package org.langevin.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.langevin.core.ConfigException;
import org.langevin.experiment.TrackingSetup;
import org.langevin.reports.BenchReport;
import org.langevin.reports.ExperimentReport;
import org.langevin.reports.ImageReport;
import org.langevin.reports.InverseStudy;
import org.langevin.reports.LineageReport;
import org.langevin.reports.LossStudy;
import org.langevin.reports.SamplerStudy;
import org.langevin.reports.TorchBuild;
import org.langevin.reports.UnificationStudy;
import org.langevin.tracking.Tracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code langevin report --experiment NAME [--out DIR] [--metrics ...]}: the report of any MLflow experiment (a sweep's);
 * {@code langevin report samplers|losses [--output DIR] ...}: the built-in studies. Markdown, CSV and PNG.
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Generate a study report under reports/.")
final class ReportCommand implements Callable<Integer> {
    static final List<String> STUDIES = List.of("losses", "samplers", "lineage", "bench", "digits", "clips", "fashion", "inverse", "unification");

    @Parameters(index = "0", arity = "0..1", paramLabel = "STUDY", description = "samplers: quality vs NFE for every sampler (VP, VE, exact score); "
            + "losses: every loss trained on the ring and the checkerboard over seeds (MLflow runs); "
            + "lineage: every experiment of experiments/lineage, walked through with its plots; "
            + "bench: Langevin vs the PyTorch reference, medians of alternating rounds, and a profile of train_dsm; "
            + "digits, clips, fashion: every experiments/STUDY-*.yaml run once (or --runs), with bits/dim, image metrics, NFE, wall "
                    + "times, checks and plots; "
            + "inverse: every posterior sampler on mixtures (against the exact posterior), digits and clips (PSNR, SSIM); "
            + "unification: score, energy and flow-matching models of the loss study's data sets over seeds, with quality against NFE")
    String study;

    @Option(names = {"--out", "--output"}, paramLabel = "DIR", description = "where to write it (default: a new folder reports/STUDY or "
            + "reports/EXPERIMENT, with -2, -3, ... when that exists)")
    Path output;

    @Option(names = "--overwrite",
            description = "regenerate the report in the --out folder although it holds one (its kept prose stays: check it by hand)")
    boolean overwrite;

    @Option(names = "--experiment", paramLabel = "NAME",
            description = "report on this MLflow experiment: cells by the keys that vary, mean ± sd over seeds")
    String experiment;

    @Option(names = "--metrics", split = ",", paramLabel = "M", description = "--experiment: the metrics in the table and plots (default: "
            + "test_nll_nats, test_bits_per_dim, nll_gap_nats, fisher_divergence, mmd2, energy_distance, NFE and timings, those logged)")
    List<String> metrics = ExperimentReport.DEFAULT_METRICS;

    @Option(names = "--n", description = "samplers: samples per cell (default 4000)")
    int n = 4000;

    @Option(names = "--seeds", split = ",", description = "losses, unification: seeds (default 1,2,3)")
    List<Long> seeds = List.of(1L, 2L, 3L);

    @Option(names = "--data", split = ",",
            description = "losses, unification: data sets, each experiments/losses/NAME.yaml (default ring,mixture,checkerboard)")
    List<String> data = List.of("ring", "mixture", "checkerboard");

    @Option(names = "--models", split = ",", description = "unification: which of score, energy, fm_rf, fm_rf_ot, fm_trig (default all)")
    List<String> models = UnificationStudy.ids();

    @Option(names = "--runs", split = ",", paramLabel = "ID", description = "digits, clips, fashion: report these FINISHED runs, one per "
            + "experiments/STUDY-*.yaml in file order, instead of running the files")
    List<String> runs = List.of();

    @Option(names = "--seed-runs", split = ",", paramLabel = "ID", description = "digits, clips, fashion: FINISHED runs of one experiment "
            + "over seeds, reported as mean ± sd beside the data's own values")
    List<String> seedRuns = List.of();

    @Option(names = "--ablation", split = ",", paramLabel = "ID", description = "digits, clips, fashion: FINISHED runs of a recipe ablation "
            + "in recipe order (each logged train.eval_every): FID against training minutes, charted and read at 30 and 60 minutes")
    List<String> ablation = List.of();

    @Option(names = "--rerender", description = "unification: rebuild report.md from the output folder's runs.csv and nfe.csv, training nothing")
    boolean rerender;

    @Option(names = "--variants", split = ",",
            description = "losses: which of dsm_sigma2, dsm_likelihood_is, dsm_uniform, ssm, ssm_vr, ksd, esm (default all)")
    List<String> variants = LossStudy.ids();

    @Option(names = "--reference", paramLabel = "FILE", description = "bench: the PyTorch reference script (default bench/torch_reference.py)")
    Path reference;

    @Option(names = "--torch-venv", paramLabel = "DIR", description = "bench: the virtual environment of PyPI's torch, created on first use "
            + "outside the project (default ~/.cache/langevin/torch-pypi)")
    Path torchVenv;

    @Option(names = "--rounds", description = "bench: alternating rounds of Langevin and PyTorch (default 5)")
    int rounds = 5;

    @Option(names = "--points", split = ",", paramLabel = "N",
            description = "bench: points of the memory and scale runs (default 10000,100000,1000000)")
    List<Integer> points = List.of(10_000, 100_000, 1_000_000);

    @Option(names = "--memory-steps", paramLabel = "N", description = "bench: steps of the long train_unet_28 run whose resident memory is "
            + "reported at step 100 and at its end (default 2000; 0: none)")
    int memorySteps = 2000;

    @Mixin
    CommonOptions.Overrides overrides;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((study == null) == (experiment == null)) throw new ConfigException("report", "give a STUDY (one of " + STUDIES
                + ") or --experiment NAME");
        if (experiment != null) return experimentReport();
        if (!STUDIES.contains(study)) throw new ConfigException("report", "'" + study + "' is unknown; choose one of " + STUDIES);
        if (study.equals("bench")) TorchBuild.venv(torchVenv, Main.home()); // refused before any folder is made
        // --rerender rebuilds a report from its own folder's files
        Path folder = rerender ? (output != null ? output : Main.home().resolve("reports").resolve(study))
                : ReportFolder.choose(Main.home(), study, output, overwrite);
        if (study.equals("bench")) {
            Path script = reference != null ? reference : Main.home().resolve("bench/torch_reference.py");
            if (!Files.isRegularFile(script)) throw new ConfigException("--reference", "no PyTorch reference at " + script);
            if (memorySteps < 0) throw new ConfigException("--memory-steps", "must be 0 (no memory run) or more, got " + memorySteps);
            var builds = TorchBuild.find(torchVenv, Main.home(), System.err);
            new BenchReport(Main.home(), System.err).write(folder, script, builds, rounds, points, memorySteps,
                    "./langevin report bench --rounds " + rounds
                    + (torchVenv != null ? " --torch-venv " + torchVenv : "")
                    + (memorySteps != 2000 ? " --memory-steps " + memorySteps : "")
                    + (reference != null ? " --reference " + reference : "") + outputOption()
                    + (points.equals(List.of(10_000, 100_000, 1_000_000)) ? "" : " --points " + points.stream().map(String::valueOf)
                            .collect(Collectors.joining(","))));
            spec.commandLine().getOut().println("wrote " + folder.resolve("README.md"));
            return 0;
        }
        for (Map.Entry<String, List<String>> given : Map.of("--runs", runs, "--seed-runs", seedRuns, "--ablation", ablation).entrySet()) {
            if (!given.getValue().isEmpty() && !List.of("digits", "clips", "fashion").contains(study)) {
                throw new ConfigException(given.getKey(), "reads runs for digits, clips or fashion, not " + study);
            }
        }
        if (study.equals("digits") || study.equals("clips") || study.equals("fashion")) {
            String head = "./langevin report " + study + (runs.isEmpty() ? "" : " --runs " + String.join(",", runs))
                    + (seedRuns.isEmpty() ? "" : " --seed-runs " + String.join(",", seedRuns)) + (ablation.isEmpty() ? "" : " --ablation "
                            + String.join(",", ablation));
            new ImageReport(Main.home(), System.err, System.getenv()).write(study, folder, command(head), overrides.values, runs, seedRuns, ablation);
            spec.commandLine().getOut().println("wrote " + folder.resolve("README.md"));
            return 0;
        }
        if (study.equals("inverse")) {
            new InverseStudy(Main.home(), System.err, System.getenv()).write(folder, "./langevin report inverse" + outputOption());
            spec.commandLine().getOut().println("wrote " + folder.resolve("README.md"));
            return 0;
        }
        if (study.equals("lineage")) {
            new LineageReport(Main.home(), System.err, System.getenv()).write(folder,
                    "./langevin report lineage" + outputOption());
            spec.commandLine().getOut().println("wrote " + folder.resolve("README.md"));
            return 0;
        }
        if (study.equals("unification")) {
            for (String m : models) {
                if (!UnificationStudy.ids().contains(m)) throw new ConfigException("--models", "'" + m + "' is unknown; choose from "
                        + UnificationStudy.ids());
            }
            String head = "./langevin report unification --seeds " + String.join(",", seeds.stream().map(String::valueOf).toList())
                    + " --data " + String.join(",", data) + (models.equals(UnificationStudy.ids()) ? "" : " --models " + String.join(",", models));
            UnificationStudy unification = new UnificationStudy(Main.home(), System.err, System.getenv());
            if (rerender) unification.rerender(experiments(), models, seeds, overrides.values, folder, command(head));
            else unification.run(experiments(), models, seeds, overrides.values, folder, command(head));
            spec.commandLine().getOut().println("wrote " + folder.resolve("report.md"));
            return 0;
        }
        if (study.equals("samplers")) {
            SamplerStudy s = new SamplerStudy(n, System.err);
            Map<String, List<SamplerStudy.Cell>> cells = new LinkedHashMap<>();
            Map<String, SamplerStudy.Cell> references = new LinkedHashMap<>();
            for (String sde : List.of("vp", "ve")) {
                references.put(sde, s.reference(sde));
                cells.put(sde, s.run(sde));
            }
            s.write(folder, cells, references, s.floor(), "./langevin report samplers --n " + n);
        } else {
            List<Path> experiments = experiments();
            for (String v : variants) {
                if (!LossStudy.ids().contains(v)) throw new ConfigException("--variants", "'" + v + "' is unknown; choose from " + LossStudy.ids());
            }
            LossStudy s = new LossStudy(Main.home(), System.err, System.getenv());
            String head = "./langevin report losses --seeds " + String.join(",", seeds.stream().map(String::valueOf).toList())
                    + " --data " + String.join(",", data)
                    + (variants.equals(LossStudy.ids()) ? "" : " --variants " + String.join(",", variants));
            s.run(experiments, variants, seeds, overrides.values, folder, command(head));
        }
        spec.commandLine().getOut().println("wrote " + folder.resolve("report.md"));
        return 0;
    }

    /** --data: each experiments/losses/NAME.yaml, which must exist. */
    private List<Path> experiments() {
        List<Path> experiments = data.stream().map(d -> Main.home().resolve("experiments/losses").resolve(d + ".yaml")).toList();
        for (Path p : experiments) {
            if (!Files.isRegularFile(p)) throw new ConfigException("--data", "no experiment file " + p);
        }
        return experiments;
    }

    /** The command that reproduces a report: its head, then the --set keys it applied and --output. */
    private String command(String head) {
        StringBuilder command = new StringBuilder(head);
        overrides.values.forEach(v -> command.append(" --set ").append(v));
        command.append(outputOption());
        return command.toString();
    }

    /** The options that name the folder, as the report's reproducing command gives them. */
    private String outputOption() {
        return (output != null ? " --output " + output : "") + (overwrite ? " --overwrite" : "");
    }

    private int experimentReport() throws IOException {
        Path folder = ReportFolder.choose(Main.home(), experiment, output, overwrite);
        Map<String, String> env = System.getenv();
        StringBuilder command = new StringBuilder("./langevin report --experiment " + experiment);
        command.append(outputOption());
        if (!metrics.equals(ExperimentReport.DEFAULT_METRICS)) command.append(" --metrics ").append(String.join(",", metrics));
        try (Tracker tracker = TrackingSetup.connect(env.get("MLFLOW_TRACKING_URI"), Main.home(), env)) {
            ExperimentReport.write(tracker, experiment, metrics, folder, command.toString());
        }
        spec.commandLine().getOut().println("wrote " + folder.resolve("README.md"));
        return 0;
    }
}
