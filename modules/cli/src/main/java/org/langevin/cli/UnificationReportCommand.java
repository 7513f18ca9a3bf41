package org.langevin.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.langevin.reports.UnificationStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code langevin report unification}: score, energy and flow-matching models of the loss study's data over seeds. */
@Command(name = "unification", mixinStandardHelpOptions = true,
        description = "Score, energy and flow-matching models of the loss study's data sets over seeds, with quality against NFE.")
final class UnificationReportCommand implements Callable<Integer> {
    @Option(names = "--models", split = ",", description = "which of score, energy, fm_rf, fm_rf_ot, fm_trig (default all)")
    List<String> models = UnificationStudy.ids();

    @Option(names = "--rerender", description = "rebuild report.md from the output folder's runs.csv and nfe.csv, training nothing")
    boolean rerender;

    @Mixin
    LossData data;

    @Mixin
    ReportOptions report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LossData.check("--models", models, UnificationStudy.ids());
        // --rerender rebuilds a report from its own folder's files
        Path folder = rerender ? (report.output != null ? report.output : Main.home().resolve("reports/unification")) : report.folder("unification");
        String head = "./langevin report unification" + data.options() + (models.equals(UnificationStudy.ids()) ? "" : " --models "
                + String.join(",", models));
        UnificationStudy unification = new UnificationStudy(Main.home(), System.err, System.getenv());
        if (rerender) unification.rerender(data.experiments(), models, data.seeds, report.sets(), folder, report.command(head));
        else unification.run(data.experiments(), models, data.seeds, report.sets(), folder, report.command(head));
        return ReportOptions.wrote(spec, folder.resolve("report.md"));
    }
}
