package org.langevin.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.core.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code langevin report samplers|losses [--output DIR] ...}: generated study reports (markdown + PNG / CSV). */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Generate a study report under reports/.")
final class ReportCommand implements Callable<Integer> {
    static final List<String> STUDIES = List.of("losses", "samplers");

    @Parameters(index = "0", paramLabel = "STUDY", description = "samplers: quality vs NFE for every sampler (VP, VE, exact score); "
            + "losses: every loss trained on the ring and the checkerboard over seeds (MLflow runs)")
    String study;

    @Option(names = "--output", paramLabel = "DIR", description = "where to write it (default reports/STUDY)")
    Path output;

    @Option(names = "--n", description = "samplers: samples per cell (default 4000)")
    int n = 4000;

    @Option(names = "--seeds", split = ",", description = "losses: seeds (default 1,2,3)")
    List<Long> seeds = List.of(1L, 2L, 3L);

    @Option(names = "--data", split = ",", description = "losses: data sets, each experiments/losses/NAME.yaml (default ring,checkerboard)")
    List<String> data = List.of("ring", "checkerboard");

    @Option(names = "--variants", split = ",", description = "losses: which of dsm_sigma2, dsm_likelihood_is, dsm_uniform, ssm, ssm_vr, ksd, esm (default all)")
    List<String> variants = LossStudy.ids();

    @Mixin
    CommonOptions.Overrides overrides;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!STUDIES.contains(study)) throw new ConfigException("report", "'" + study + "' is unknown; choose one of " + STUDIES);
        Path folder = output != null ? output : Main.home().resolve("reports").resolve(study);
        if (study.equals("samplers")) {
            SamplerStudy s = new SamplerStudy(n, System.err);
            Map<String, List<SamplerStudy.Cell>> cells = new LinkedHashMap<>();
            Map<String, SamplerStudy.Cell> references = new LinkedHashMap<>();
            for (String sde : List.of("vp", "ve")) {
                references.put(sde, s.reference(sde));
                cells.put(sde, s.run(sde));
            }
            s.write(folder, cells, references, s.floor(), "./langevin report samplers --n " + n);
        } else {
            List<Path> experiments = data.stream().map(d -> Main.home().resolve("experiments/losses").resolve(d + ".yaml")).toList();
            for (Path p : experiments) {
                if (!java.nio.file.Files.isRegularFile(p)) throw new ConfigException("--data", "no experiment file " + p);
            }
            for (String v : variants) {
                if (!LossStudy.ids().contains(v)) throw new ConfigException("--variants", "'" + v + "' is unknown; choose from " + LossStudy.ids());
            }
            LossStudy s = new LossStudy(Main.home(), System.err, System.getenv());
            StringBuilder command = new StringBuilder("./langevin report losses --seeds ");
            command.append(String.join(",", seeds.stream().map(String::valueOf).toList())).append(" --data ").append(String.join(",", data));
            if (!variants.equals(LossStudy.ids())) command.append(" --variants ").append(String.join(",", variants));
            overrides.values.forEach(v -> command.append(" --set ").append(v));
            if (output != null) command.append(" --output ").append(output);
            s.run(experiments, variants, seeds, overrides.values, folder, command.toString());
        }
        spec.commandLine().getOut().println("wrote " + folder.resolve("report.md"));
        return 0;
    }
}
