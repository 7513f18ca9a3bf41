package org.langevin.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.SampleResult;
import org.langevin.data.CsvPoints;
import org.langevin.experiment.MemoryBudget;
import org.langevin.experiment.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code langevin sample (--config FILE | --run RUN_ID) [--set ...] --n N --output FILE.csv [--json]}. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Draw samples with the configured sampler and write them as CSV.")
final class SampleCommand implements Callable<Integer> {
    @Mixin
    CommonOptions.ModelSource source;

    @Mixin
    CommonOptions.Overrides overrides;

    @Option(names = "--n", required = true, description = "number of samples")
    int n;

    @Option(names = "--output", required = true, paramLabel = "FILE.csv", description = "where to write the samples (header x0,x1,...)")
    Path output;

    @Mixin
    CommonOptions.JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (n < 1) throw new ConfigException("--n", "must be at least 1, got " + n);
        CommonOptions.checkWritable("--output", output);
        TrainedModel model = source.load(overrides);
        MemoryBudget.checkSamples("--n", n, model.parts().data().dim());
        SampleResult r = model.parts().sampler().sample(model.score(), n, model.parts().data().dim(), model.parts().streams());
        CsvPoints.write(output, Arrays2.toMatrix(r.samples()));
        var out = spec.commandLine().getOut();
        out.println("wrote " + n + " samples to " + output + " (NFE " + r.nfe() + ")");
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("n", n);
        obj.put("nfe", r.nfe());
        obj.put("output", output.toString());
        json.print(out, obj);
        return 0;
    }
}
