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
    /** Runs a study and writes its README.md into {@code folder}; {@code command} reproduces it. */
    @FunctionalInterface
    interface Study {
        void write(Path folder, String command) throws IOException;
    }

    private final String name;
    private final Study study;

    @Mixin
    ReportOptions report;

    @Spec
    CommandSpec spec;

    StudyReportCommand(String name, Study study) {
        this.name = name;
        this.study = study;
    }

    @Override
    public Integer call() throws Exception {
        Path folder = report.folder(name);
        study.write(folder, "./langevin report " + name + report.folderOptions());
        return ReportOptions.wrote(spec, folder.resolve("README.md"));
    }

    @Command(name = "inverse", mixinStandardHelpOptions = true,
            description = "Every posterior sampler on mixtures (against the exact posterior), digits and clips (PSNR, SSIM).")
    static final class Inverse extends StudyReportCommand {
        Inverse() {
            super("inverse", (folder, command) -> new InverseStudy(Main.home(), System.err, System.getenv()).write(folder, command));
        }
    }

    @Command(name = "lineage", mixinStandardHelpOptions = true, description = "Every experiment of experiments/lineage, with its plots.")
    static final class Lineage extends StudyReportCommand {
        Lineage() {
            super("lineage", (folder, command) -> new LineageReport(Main.home(), System.err, System.getenv()).write(folder, command));
        }
    }
}
