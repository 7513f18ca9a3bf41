package org.langevin.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.core.ConfigException;
import org.langevin.core.LikelihoodResult;
import org.langevin.data.CsvPoints;
import org.langevin.experiment.run.LikelihoodRun;
import org.langevin.experiment.MetricNames;
import org.langevin.experiment.run.TrainedModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code langevin likelihood (--config FILE | --run RUN_ID) [--set ...] [--input FILE.csv] [--output FILE.csv] [--json]}. */
@Command(name = "likelihood", mixinStandardHelpOptions = true,
        description = "Log-likelihood through the probability-flow ODE: per point (nats), mean NLL, bits/dim, standard error, NFE.")
final class LikelihoodCommand implements Callable<Integer> {
    @Mixin
    CommonOptions.ModelSource source;

    @Mixin
    CommonOptions.Overrides overrides;

    @Option(names = "--input", paramLabel = "FILE.csv",
            description = "points to evaluate (header x0,x1,...); default: likelihood.n_points test points")
    Path input;

    @Option(names = "--output", paramLabel = "FILE.csv", description = "per-point log densities (one column log_density, nats)")
    Path output;

    @Mixin
    CommonOptions.JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (output != null) CommonOptions.checkWritable("--output", output);
        TrainedModel model = source.load(overrides);
        INDArray points;
        int dim = model.parts().data().dim();
        if (input != null) {
            double[][] rows = CommonOptions.readPoints("--input", input, "x");
            if (rows[0].length != dim) throw new ConfigException("--input", input + " has dimension " + rows[0].length + ", the model has " + dim);
            points = Nd4j.createFromArray(rows);
        } else {
            int n = model.parts().plan().likelihoodPoints();
            if (model.parts().settings().choice("likelihood.points", List.of("test", "fresh")).equals("fresh")) {
                var law = model.parts().data().law().orElseThrow(() -> new ConfigException("likelihood.points",
                        "'fresh' draws new points from the data law, which data.type '" + model.parts().data().name() + "' does not have; use test"));
                points = law.sample(n, model.parts().streams().get("likelihood/points"));
            } else {
                INDArray test = model.parts().data().test();
                points = test.get(NDArrayIndex.interval(0, Math.min(n, test.rows())), NDArrayIndex.all());
            }
        }
        // inputs are valid: from here on the evaluation is an MLflow run of its own
        LikelihoodRun.Outcome outcome = new LikelihoodRun(Main.home(), System.err).evaluate(model, source.runId, points,
                input != null ? input.toString() : model.parts().settings().string("likelihood.points"), System.getenv());
        LikelihoodResult r = outcome.result();
        if (output != null) CsvPoints.writeColumn(output, "log_density", r.logDensity());
        var out = spec.commandLine().getOut();
        out.printf("n %d  mean NLL %.6f nats (± %.6f)  %.6f bits/dim  NFE %d%n", points.rows(), r.meanNll(), r.stderr(), r.bitsPerDim(dim), r.nfe());
        out.println("MLflow run " + outcome.runId() + ": " + outcome.url());
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("run_id", outcome.runId());
        obj.put("n", points.rows());
        obj.put(MetricNames.NLL, r.meanNll());
        obj.put(MetricNames.BITS_PER_DIM, r.bitsPerDim(dim));
        obj.put(MetricNames.NLL_STDERR, r.stderr());
        obj.put(MetricNames.LIKELIHOOD_NFE, r.nfe());
        json.print(out, obj);
        return 0;
    }
}
