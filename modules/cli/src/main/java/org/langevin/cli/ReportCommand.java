package org.langevin.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code langevin report samplers [--output DIR] [--n N]}: generated study reports (markdown + PNG). */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Generate a study report (markdown and PNG) under reports/.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "samplers", description = "the study: samplers (quality vs NFE for every sampler, VP and VE)")
    String study;

    @Option(names = "--output", paramLabel = "DIR", description = "where to write it (default reports/samplers)")
    Path output;

    @Option(names = "--n", description = "samples per cell (default 4000)")
    int n = 4000;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!study.equals("samplers")) throw new org.langevin.core.ConfigException("report", "'" + study + "' is unknown; choose one of [samplers]");
        Path folder = output != null ? output : Main.home().resolve("reports/samplers");
        SamplerStudy s = new SamplerStudy(n, System.err);
        Map<String, List<SamplerStudy.Cell>> cells = new LinkedHashMap<>();
        Map<String, SamplerStudy.Cell> references = new LinkedHashMap<>();
        for (String sde : List.of("vp", "ve")) {
            references.put(sde, s.reference(sde));
            cells.put(sde, s.run(sde));
        }
        s.write(folder, cells, references, s.floor(), "./langevin report samplers --n " + n);
        spec.commandLine().getOut().println("wrote " + folder.resolve("report.md"));
        return 0;
    }
}
