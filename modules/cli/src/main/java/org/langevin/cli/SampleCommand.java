package org.langevin.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.Measurement;
import org.langevin.core.SampleResult;
import org.langevin.data.CsvPoints;
import org.langevin.experiment.RunFailedException;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.assembly.MemoryBudget;
import org.langevin.experiment.evaluation.Progress;
import org.langevin.experiment.restore.RestoreRun;
import org.langevin.experiment.run.TrainedModel;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code langevin sample (--config FILE | --run RUN_ID) [--set ...] [--observation Y.csv] --n N --output FILE.csv [--json]}. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Draw samples with the configured sampler (with --observation: posterior samples given y, by inverse.method) and "
                + "write them as CSV.")
final class SampleCommand implements Callable<Integer> {
    @Mixin
    CommonOptions.ModelSource source;

    @Mixin
    CommonOptions.Overrides overrides;

    @Option(names = "--n", required = true, description = "number of samples")
    int n;

    @Option(names = "--output", required = true, paramLabel = "FILE.csv", description = "where to write the samples (header x0,x1,...)")
    Path output;

    @Option(names = "--observation", paramLabel = "Y.csv", description = "one measurement y of inverse.operator (header y0,y1,...): sample p(x | y)")
    Path observation;

    @Mixin
    CommonOptions.JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (n < 1) throw new ConfigException("--n", "must be at least 1, got " + n);
        CommonOptions.checkWritable("--output", output);
        double[][] y = observation == null ? null : CommonOptions.readPoints("--observation", observation, "y");
        TrainedModel model = source.load(overrides);
        ExperimentParts parts = model.parts();
        MemoryBudget.checkSamples("--n", n * (y == null ? 1 : parts.inverse().map(p -> p.method().rowsPerSample()).orElse(1)), parts.data().dim());
        SampleResult r;
        if (y == null) {
            r = Progress.sampling(System.err, parts, parts.sampling(model.score()), n, s -> parts.sampler().sample(s, n, parts.data().dim(),
                    parts.streams()));
        } else {
            RestoreRun.checkMeasured(parts);
            ExperimentParts.InverseProblem problem = parts.inverse().orElseThrow();
            if (y.length != 1) throw new ConfigException("--observation", observation + " has " + y.length + " rows; give one observation");
            if (y[0].length != problem.operator().outputDim()) {
                throw new ConfigException("--observation", observation + " has " + y[0].length + " values, inverse.operator '"
                        + parts.settings().string("inverse.operator") + "' measures " + problem.operator().outputDim());
            }
            Measurement measurement = new Measurement(problem.operator(), Nd4j.createFromArray(y), problem.noise());
            r = Progress.overNoiseLevels(System.err, "sample", model.score(), parts.sde().horizon(), 0, 1, s -> problem.method().sample(s,
                    measurement, n, parts.streams()));
        }
        if (!Arrays2.allFinite(r.samples())) {
            throw RunFailedException.withoutRun("sampling produced NaN or infinity (sampler.type " + parts.settings().string("sampler.type")
                    + (y == null ? "" : ", inverse.method " + parts.settings().string("inverse.method")) + "); nothing was written to " + output);
        }
        CsvPoints.write(output, Arrays2.toMatrix(r.samples()));
        var out = spec.commandLine().getOut();
        out.println("wrote " + n + (y == null ? " samples" : " posterior samples") + " to " + output + " (NFE " + r.nfe() + ")");
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("n", n);
        obj.put("nfe", r.nfe());
        obj.put("output", output.toString());
        json.print(out, obj);
        return 0;
    }
}
