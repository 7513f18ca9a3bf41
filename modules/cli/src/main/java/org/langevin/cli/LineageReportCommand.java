package org.langevin.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.langevin.reports.LineageReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code langevin report lineage}: every experiment of experiments/lineage, walked through with its plots. */
@Command(name = "lineage", mixinStandardHelpOptions = true, description = "Every experiment of experiments/lineage, with its plots.")
final class LineageReportCommand implements Callable<Integer> {
    @Mixin
    ReportOptions report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path folder = report.folder("lineage");
        new LineageReport(Main.home(), System.err, System.getenv()).write(folder, "./langevin report lineage" + report.folderOptions());
        return ReportOptions.wrote(spec, folder.resolve("README.md"));
    }
}
