package org.langevin.experiment.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.langevin.core.Arrays2;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.ScoreModel;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.metrics.TwoSampleDistances;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sample quality against cost for one trained model: each fixed-step sampler at each budget of network evaluations
 * (sampler.steps = budget / evaluations per step), {@code sampler.n_samples} samples from the run's seed, MMD² and
 * energy distance to the test split with the run's own bandwidth rule (the median over the data floor's pairs), so the
 * figures compare with the run's {@code mmd2} and {@code mmd2_data_floor}.
 */
public final class NfeSweep {
    private NfeSweep() {}

    /** One sampler at one budget: the NFE it spent and its distances to the test split (FID: NaN where not scored). */
    public record Point(String sampler, int budget, long nfe, double mmd2, double energyDistance, double fid) {}

    /**
     * The sweep of a model built from {@code baseConfig} (whose parts are {@code base}) with the given score, against the
     * rows {@code test}; {@code reference} (training rows) sets the MMD bandwidth as the run's data floor does. A budget
     * below one step's cost is skipped: every point spends at most its budget. {@code fid} (null: none) scores images.
     */
    public static List<Point> of(ExperimentConfig baseConfig, ExperimentParts base, ScoreModel score, List<String> samplers, int[] budgets,
                                 double[][] test, double[][] reference, ToDoubleFunction<INDArray> fid) {
        double bandwidth = TwoSampleDistances.medianBandwidth(reference, test);
        int denoise = base.settings().flag("sampler.denoise") ? 1 : 0;
        int perCall = base.sampling(score).evaluationsPerCall();
        List<Point> points = new ArrayList<>();
        for (String sampler : samplers) {
            int perStep = Math.max(1, Catalogue.samplers().all().get(sampler).descriptor().nfePerStep()) * perCall;
            for (int budget : budgets) {
                int steps = (budget - denoise * perCall) / perStep;
                if (steps < 1) continue;
                ExperimentConfig config = ExperimentConfig.fromYaml(baseConfig.toYaml(), "nfe sweep", List.of("sampler.type=" + sampler,
                        "sampler.steps=" + steps));
                ExperimentParts parts = ExperimentParts.build(config);
                SampleResult r = parts.sampler().sample(parts.sampling(score), parts.plan().samples(), base.data().dim(),
                        new RandomStreams(config.settings().longValue("seed")));
                double[][] x = Arrays2.toMatrix(r.samples());
                boolean finite = Arrays2.allFinite(r.samples());
                points.add(new Point(sampler, budget, r.nfe(), finite ? TwoSampleDistances.mmdSquared(x, test, bandwidth) : Double.NaN,
                        finite ? TwoSampleDistances.energyDistance(x, test) : Double.NaN,
                        finite && fid != null ? fid.applyAsDouble(r.samples().castTo(base.data().test().dataType())) : Double.NaN));
            }
        }
        return points;
    }
}
