package org.langevin.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.SampleResult;
import org.langevin.data.CsvPoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code langevin sample (--config FILE | --run RUN_ID) [--set ...] --n N --output FILE.csv [--json]}. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Draw samples with the configured sampler and write them as CSV.")
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "experiment file (oracle scores)")
    Path config;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "a finished run: its resolved config and checkpoint")
    String runId;

    @Option(names = "--set", paramLabel = "key=value", description = "override a config key (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--n", required = true, description = "number of samples")
    int n;

    @Option(names = "--output", required = true, paramLabel = "FILE.csv", description = "where to write the samples (header x0,x1,...)")
    Path output;

    @Option(names = "--json", description = "print one JSON object as the last line of stdout")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (n < 1) throw new ConfigException("--n", "must be at least 1, got " + n);
        TrainedModel model = TrainedModel.load(config, runId, sets, System.getenv());
        SampleResult r = model.parts().sampler().sample(model.score(), n, model.parts().data().dim(), model.parts().streams());
        CsvPoints.write(output, Arrays2.toMatrix(r.samples()));
        var out = spec.commandLine().getOut();
        out.println("wrote " + n + " samples to " + output + " (NFE " + r.nfe() + ")");
        if (json) {
            Map<String, Object> obj = new LinkedHashMap<>();
            obj.put("n", n);
            obj.put("nfe", r.nfe());
            obj.put("output", output.toString());
            out.println(Json.line(obj));
        }
        return 0;
    }
}
