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

/** {@code langevin run EXPERIMENT.yaml [--set key=value]... [--resume RUN_ID] [--json]}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train (unless score.type is oracle), sample and evaluate one experiment, logged as an MLflow run.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "the experiment file")
    Path experiment;

    @picocli.CommandLine.Option(names = "--resume", paramLabel = "RUN_ID",
            description = "continue this stopped, killed or failed training run from its checkpoint/latest.ckpt (same file and --set values)")
    String resume;

    @Mixin
    CommonOptions.Overrides overrides;

    @Mixin
    CommonOptions.JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ExperimentConfig config = ExperimentConfig.load(experiment, overrides.values);
        ExperimentRunner runner = new ExperimentRunner(Main.home(), System.err);
        ExperimentRunner.Result r = resume == null ? runner.run(config, System.getenv()) : runner.resume(config, resume, System.getenv());
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
