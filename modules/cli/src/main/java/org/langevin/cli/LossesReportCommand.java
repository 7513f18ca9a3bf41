package org.langevin.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.langevin.reports.LossStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code langevin report losses}: every loss trained on the study's data sets over seeds, as MLflow runs. */
@Command(name = "losses", mixinStandardHelpOptions = true, description = "Every loss trained on the ring and the checkerboard over seeds.")
final class LossesReportCommand implements Callable<Integer> {
    @Option(names = "--variants", split = ",", description = "which of dsm_sigma2, dsm_likelihood_is, dsm_uniform, ssm, ssm_vr, ksd, esm "
            + "(default all)")
    List<String> variants = LossStudy.ids();

    @Mixin
    LossData data;

    @Mixin
    ReportOptions report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Path> experiments = data.experiments();
        LossData.check("--variants", variants, LossStudy.ids());
        Path folder = report.folder("losses");
        String head = "./langevin report losses" + data.options() + (variants.equals(LossStudy.ids()) ? "" : " --variants "
                + String.join(",", variants));
        new LossStudy(Main.home(), System.err, System.getenv()).run(experiments, variants, data.seeds, report.sets(), folder, report.command(head));
        return ReportOptions.wrote(spec, folder.resolve("report.md"));
    }
}
