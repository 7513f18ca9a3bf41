package org.langevin.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.langevin.reports.InverseStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code langevin report inverse}: every posterior sampler on mixtures (against the exact posterior), digits and clips. */
@Command(name = "inverse", mixinStandardHelpOptions = true,
        description = "Every posterior sampler on mixtures (against the exact posterior), digits and clips (PSNR, SSIM).")
final class InverseReportCommand implements Callable<Integer> {
    @Mixin
    ReportOptions report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path folder = report.folder("inverse");
        new InverseStudy(Main.home(), System.err, System.getenv()).write(folder, "./langevin report inverse" + report.folderOptions());
        return ReportOptions.wrote(spec, folder.resolve("README.md"));
    }
}
