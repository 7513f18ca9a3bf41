package org.langevin.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.langevin.reports.InverseStudy;
import org.langevin.reports.LineageReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A study report that takes only the folder options: {@code langevin report inverse|lineage}. */
abstract class StudyReportCommand implements Callable<Integer> {
    private final String study;

    @Mixin
    ReportOptions report;

    @Spec
    CommandSpec spec;

    StudyReportCommand(String study) {
        this.study = study;
    }

    /** Runs the study and writes its README.md into {@code folder}; {@code command} reproduces it. */
    abstract void write(Path folder, String command) throws IOException;

    @Override
    public Integer call() throws Exception {
        Path folder = report.folder(study);
        write(folder, "./langevin report " + study + report.folderOptions());
        return ReportOptions.wrote(spec, folder.resolve("README.md"));
    }

    @Command(name = "inverse", mixinStandardHelpOptions = true,
            description = "Every posterior sampler on mixtures (against the exact posterior), digits and clips (PSNR, SSIM).")
    static final class Inverse extends StudyReportCommand {
        Inverse() {
            super("inverse");
        }

        @Override
        void write(Path folder, String command) throws IOException {
            new InverseStudy(Main.home(), System.err, System.getenv()).write(folder, command);
        }
    }

    @Command(name = "lineage", mixinStandardHelpOptions = true, description = "Every experiment of experiments/lineage, with its plots.")
    static final class Lineage extends StudyReportCommand {
        Lineage() {
            super("lineage");
        }

        @Override
        void write(Path folder, String command) throws IOException {
            new LineageReport(Main.home(), System.err, System.getenv()).write(folder, command);
        }
    }
}
