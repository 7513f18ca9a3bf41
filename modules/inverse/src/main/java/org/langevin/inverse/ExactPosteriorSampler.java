package org.langevin.inverse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Measurement;
import org.langevin.core.MixturePosterior;
import org.langevin.core.PosteriorSampler;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.Sampler;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.score.OracleScore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact conditional score for a Gaussian-mixture prior: p(x0 | y) is a mixture ({@link MixturePosterior}), so
 * p_t(x_t | y) = ∫ p_t(x_t | x0) p(x0 | y) dx0 is that mixture perturbed by the SDE and ∇ log p_t(x_t | y) is its
 * oracle score. Any generative sampler driven by it samples the exact posterior (up to its own discretisation); the
 * NFE is that sampler's. The prior's score passed in is not used: the prior is the data's mixture.
 */
final class ExactPosteriorSampler implements PosteriorSampler {
    private final GaussianMixture prior;
    private final Sde sde;
    private final Sampler base;

    ExactPosteriorSampler(GaussianMixture prior, Sde sde, Sampler base) {
        this.prior = prior;
        this.sde = sde;
        this.base = base;
    }

    /** The oracle score of p_t(x | y) for one observation. */
    OracleScore conditionalScore(Measurement measurement, double[] y) {
        return new OracleScore(MixturePosterior.of(prior, measurement.operator().matrix(), y, measurement.noise()), sde);
    }

    @Override
    public SampleResult sample(ScoreModel score, Measurement measurement, int n, RandomStreams streams) {
        INDArray y = measurement.rows(n);
        Map<List<Double>, List<Integer>> byObservation = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            List<Double> row = Arrays.stream(y.getRow(i).toDoubleVector()).boxed().toList();
            byObservation.computeIfAbsent(row, r -> new ArrayList<>()).add(i);
        }
        double[][] out = new double[n][];
        long nfe = 0;
        for (var entry : byObservation.entrySet()) {
            double[] obs = entry.getKey().stream().mapToDouble(Double::doubleValue).toArray();
            SampleResult r = base.sample(conditionalScore(measurement, obs), entry.getValue().size(), prior.dim(), streams);
            double[][] rows = Arrays2.toMatrix(r.samples());
            for (int j = 0; j < rows.length; j++) out[entry.getValue().get(j)] = rows[j];
            nfe = Math.max(nfe, r.nfe());
        }
        return new SampleResult(Nd4j.createFromArray(out), nfe);
    }
}
