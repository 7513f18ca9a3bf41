package org.langevin.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.core.ConfigException;
import org.langevin.reports.ExperimentReport;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code langevin report --experiment NAME [--out DIR] [--metrics ...]}: the report of any MLflow experiment (a sweep's);
 * {@code langevin report STUDY [options]}: the built-in studies, one subcommand each with its own options.
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Generate a study report under reports/.",
        subcommands = {SamplersReportCommand.class, LossesReportCommand.class, StudyReportCommand.Lineage.class, BenchReportCommand.class,
                ImageReportCommand.Digits.class, ImageReportCommand.Clips.class, ImageReportCommand.Fashion.class,
                StudyReportCommand.Inverse.class, UnificationReportCommand.class})
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--experiment", paramLabel = "NAME",
            description = "report on this MLflow experiment: cells by the keys that vary, mean ± sd over seeds")
    String experiment;

    @Option(names = {"--out", "--output"}, paramLabel = "DIR", description = "where to write it (default: a new folder reports/EXPERIMENT, "
            + "with -2, -3, ... when that exists)")
    Path output;

    @Option(names = "--overwrite", description = "regenerate the report in the --out folder although it holds one")
    boolean overwrite;

    @Option(names = "--metrics", split = ",", paramLabel = "M", description = "the metrics in the table and plots (default: "
            + "test_nll_nats, test_bits_per_dim, nll_gap_nats, fisher_divergence, mmd2, energy_distance, NFE and timings, those logged)")
    List<String> metrics = ExperimentReport.DEFAULT_METRICS;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (experiment == null) throw new ConfigException("report", "give a STUDY (one of " + spec.subcommands().keySet() + ") or --experiment NAME");
        Path folder = ReportFolder.choose(Main.home(), experiment, output, overwrite);
        Map<String, String> env = System.getenv();
        StringBuilder command = new StringBuilder("./langevin report --experiment " + experiment);
        command.append(output != null ? " --output " + output : "").append(overwrite ? " --overwrite" : "");
        if (!metrics.equals(ExperimentReport.DEFAULT_METRICS)) command.append(" --metrics ").append(String.join(",", metrics));
        try (Tracker tracker = TrackingSetup.connect(env.get("MLFLOW_TRACKING_URI"), Main.home(), env)) {
            ExperimentReport.write(tracker, experiment, metrics, folder, command.toString());
        }
        return ReportOptions.wrote(spec, folder.resolve("README.md"));
    }
}
