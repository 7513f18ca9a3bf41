package org.langevin.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.langevin.reports.ImageReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code langevin report digits|clips|fashion}: every experiments/STUDY-*.yaml run once (or the given runs), with
 * bits/dim, image metrics, NFE, wall times, checks and plots; over seeds and along a recipe ablation when given.
 */
abstract class ImageReportCommand implements Callable<Integer> {
    private final String study;

    @Option(names = "--runs", split = ",", paramLabel = "ID", description = "report these FINISHED runs, one per "
            + "experiments/STUDY-*.yaml in file order, instead of running the files ('-' leaves a file out: its row says so)")
    List<String> runs = List.of();

    @Option(names = "--seed-runs", split = ",", paramLabel = "ID", description = "FINISHED runs of one experiment "
            + "over seeds, reported as mean ± sd beside the data's own values")
    List<String> seedRuns = List.of();

    @Option(names = "--ablation", split = ",", paramLabel = "ID", description = "FINISHED runs of a recipe ablation "
            + "in recipe order (each logged train.eval_every): FID against training minutes, charted and read at 30 and 60 minutes")
    List<String> ablation = List.of();

    @Option(names = "--ablation-speed", split = ",", paramLabel = "ID", description = "one FINISHED short run per --ablation run, "
            + "of its settings but for threads, steps, evaluation and sample counts, made in one sitting on a quiet machine: the "
            + "chart's minutes are then each run's steps at its speed run's steps per second")
    List<String> ablationSpeed = List.of();

    @Mixin
    ReportOptions report;

    @Spec
    CommandSpec spec;

    ImageReportCommand(String study) {
        this.study = study;
    }

    @Override
    public Integer call() throws Exception {
        Path folder = report.folder(study);
        String head = "./langevin report " + study + listed(" --runs ", runs) + listed(" --seed-runs ", seedRuns) + listed(" --ablation ", ablation)
                + listed(" --ablation-speed ", ablationSpeed);
        new ImageReport(Main.home(), System.err, System.getenv()).write(study, folder, report.command(head), report.sets(), runs, seedRuns, ablation,
                ablationSpeed);
        return ReportOptions.wrote(spec, folder.resolve("README.md"));
    }

    private static String listed(String option, List<String> ids) {
        return ids.isEmpty() ? "" : option + String.join(",", ids);
    }

    @Command(name = "digits", mixinStandardHelpOptions = true, description = "The digit experiments: experiments/digits-*.yaml.")
    static final class Digits extends ImageReportCommand {
        Digits() {
            super("digits");
        }
    }

    @Command(name = "clips", mixinStandardHelpOptions = true, description = "The clip experiments: experiments/clips-*.yaml.")
    static final class Clips extends ImageReportCommand {
        Clips() {
            super("clips");
        }
    }

    @Command(name = "fashion", mixinStandardHelpOptions = true, description = "Fashion-MNIST images and clips: experiments/fashion-*.yaml.")
    static final class Fashion extends ImageReportCommand {
        Fashion() {
            super("fashion");
        }
    }
}
