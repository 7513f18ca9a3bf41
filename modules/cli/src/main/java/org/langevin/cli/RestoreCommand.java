package org.langevin.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.core.ConfigException;
import org.langevin.experiment.restore.RestoreRun;
import org.langevin.experiment.run.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code langevin restore (--config FILE | --run RUN_ID) [--set inverse....] [--n N] [--json]}. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Measure N test points or images with inverse.operator, restore them with inverse.method, and log the scores as an MLflow run.")
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    CommonOptions.ModelSource source;

    @Mixin
    CommonOptions.Overrides overrides;

    @Option(names = "--n", description = "test points or images to measure and restore (default: inverse.observations)")
    Integer n;

    @Mixin
    CommonOptions.JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (n != null && n < 1) throw new ConfigException("--n", "must be at least 1, got " + n);
        TrainedModel model = source.load(overrides);
        RestoreRun.checkMeasured(model.parts());
        int observations = n != null ? n : model.parts().settings().integer("inverse.observations", 1);
        RestoreRun.checkRestorable(model.parts(), observations);
        // inputs are valid: from here on the restoration is an MLflow run of its own
        RestoreRun.Outcome outcome = new RestoreRun(Main.home(), System.err).restore(model, source.runId, observations, System.getenv());
        var out = spec.commandLine().getOut();
        outcome.metrics().forEach((k, v) -> out.printf("%s %.6g%n", k, v));
        out.println("MLflow run " + outcome.runId() + ": " + outcome.url());
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("run_id", outcome.runId());
        obj.putAll(outcome.metrics());
        json.print(out, obj);
        return 0;
    }
}
