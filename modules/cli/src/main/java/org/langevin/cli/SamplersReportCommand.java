package org.langevin.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.reports.SamplerStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code langevin report samplers}: quality against NFE for every sampler under VP and VE with the exact score. */
@Command(name = "samplers", mixinStandardHelpOptions = true, description = "Quality against NFE for every sampler (VP, VE, exact score).")
final class SamplersReportCommand implements Callable<Integer> {
    @Option(names = "--n", description = "samples per cell (default 4000)")
    int n = 4000;

    @Mixin
    ReportOptions report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path folder = report.folder("samplers");
        SamplerStudy s = new SamplerStudy(n, System.err);
        Map<String, List<SamplerStudy.Cell>> cells = new LinkedHashMap<>();
        Map<String, SamplerStudy.Cell> references = new LinkedHashMap<>();
        for (String sde : List.of("vp", "ve")) {
            references.put(sde, s.reference(sde));
            cells.put(sde, s.run(sde));
        }
        s.write(folder, cells, references, s.floor(), "./langevin report samplers --n " + n);
        return ReportOptions.wrote(spec, folder.resolve("report.md"));
    }
}
