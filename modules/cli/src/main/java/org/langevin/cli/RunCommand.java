package org.langevin.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code langevin run EXPERIMENT.yaml [--set key=value]... [--json]}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train (unless score.type is oracle), sample and evaluate one experiment, logged as an MLflow run.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "the experiment file")
    Path experiment;

    @Mixin
    CommonOptions.Overrides overrides;

    @Mixin
    CommonOptions.JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ExperimentConfig config = ExperimentConfig.load(experiment, overrides.values);
        ExperimentRunner.Result r = new ExperimentRunner(Main.home(), System.err).run(config, System.getenv());
        var out = spec.commandLine().getOut();
        out.println("run " + r.runId() + " FINISHED in experiment '" + r.experiment() + "'");
        r.metrics().forEach((k, v) -> out.printf("  %-28s %.6g%n", k, v));
        out.println("MLflow UI: " + r.url());
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("run_id", r.runId());
        obj.put("experiment", r.experiment());
        obj.put("tracking_uri", r.trackingUri());
        obj.put("metrics", r.metrics());
        json.print(out, obj);
        return 0;
    }
}
