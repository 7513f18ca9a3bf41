package org.langevin.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.DensityModel;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Sde;
import org.langevin.data.CsvPoints;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.run.TrainedModel;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code langevin energy (--config FILE | --run RUN_ID) --input X.csv --output E.csv [--t T] [--json]}. */
@Command(name = "energy", mixinStandardHelpOptions = true,
        description = "The unnormalized log density −E(x, t) of an energy model (score.parameterization energy), or log p_t of an oracle, per row.")
final class EnergyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions.ModelSource source;

    @Mixin
    CommonOptions.Overrides overrides;

    @Option(names = "--input", required = true, paramLabel = "X.csv", description = "points (header x0,x1,...)")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "E.csv",
            description = "one column neg_energy: −E(x, t) per row (nats, up to a constant)")
    Path output;

    @Option(names = "--t", paramLabel = "T", description = "the diffusion time (default: the SDE's eps, where p_t is the data law)")
    Double time;

    @Mixin
    CommonOptions.JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommonOptions.checkWritable("--output", output);
        double[][] rows = CommonOptions.readPoints("--input", input, "x");
        TrainedModel model = source.load(overrides);
        if (!(model.score() instanceof DensityModel density)) {
            throw new ConfigException("score.parameterization", "'" + model.parts().settings().string("score.parameterization")
                    + "' gives a score, not an energy: train with score.parameterization energy ("
                    + Catalogue.scores().choicesOffering(Need.SCORE_DIVERGENCE) + "), or use " + Catalogue.scores()
                            .choicesOffering(Need.EXACT_SCORE));
        }
        int dim = model.parts().data().dim();
        if (rows[0].length != dim) throw new ConfigException("--input", input + " has dimension " + rows[0].length + ", the model has " + dim);
        Sde sde = model.parts().sde();
        double t = time == null ? sde.minTime() : time;
        if (!(t >= sde.minTime() && t <= sde.horizon())) {
            throw new ConfigException("--t", "must lie in [" + sde.minTime() + ", " + sde.horizon() + "], got " + t);
        }
        double[] negEnergy = density.logDensity(Nd4j.createFromArray(rows), t);
        CsvPoints.writeColumn(output, "neg_energy", negEnergy);
        var out = spec.commandLine().getOut();
        out.printf("n %d  t %.6g  mean −E %.6f  min %.6f  max %.6f  -> %s%n", rows.length, t, Arrays2.mean(negEnergy),
                Arrays.stream(negEnergy).min().orElse(Double.NaN), Arrays.stream(negEnergy).max().orElse(Double.NaN), output);
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("n", rows.length);
        obj.put("t", t);
        obj.put("mean_neg_energy", Arrays2.mean(negEnergy));
        obj.put("output", output.toString());
        json.print(out, obj);
        return 0;
    }
}
