package org.langevin.lineage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.langevin.core.Arrays2;
import org.langevin.core.Dataset;
import org.langevin.core.GaussianMixture;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Settings;
import org.langevin.metrics.TwoSampleDistances;
import org.langevin.score.OracleScore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Anderson (1982): the time reversal of dx = f dt + g dW is dx = (f − g² ∇log p_t) dt + g dW̄. With the exact score of
 * the data, noise drawn from the prior and run through the configured sampler returns to the data law (an energy-distance
 * permutation test against fresh data does not reject); with the score removed, dx = f dt + g dW̄ does not return.
 */
final class ReverseTimeSde implements LineageExperiment {
    private final GaussianMixture data;
    private final int n;
    private final int permutations;

    ReverseTimeSde(Settings s, Sde sde, Dataset dataset) {
        data = LineageExperiment.mixture(dataset, "Anderson's reverse SDE with the exact score");
        n = s.integer("lineage.particles", 2);
        permutations = s.integer("lineage.permutations", 19);
    }

    /** The score set to zero: the reverse drift is then the forward drift alone. */
    static final ScoreModel NO_SCORE = new ScoreModel() {
        public INDArray score(INDArray x, double t) {
            return Nd4j.zerosLike(x);
        }

        public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
            return new ScoreAndVjp(Nd4j.zerosLike(x), Nd4j.zerosLike(x));
        }
    };

    @Override
    public Outcome run(Context c) {
        double[][] reference = Arrays2.toMatrix(data.sample(n, c.streams().get("lineage/data")));
        double[][] withScore = Arrays2.toMatrix(c.sampler().sample(new OracleScore(data, c.sde()), n, data.dim(), c.streams()).samples());
        double[][] withoutScore = Arrays2.toMatrix(c.sampler().sample(NO_SCORE, n, data.dim(), c.streams()).samples());
        SplittableRandom random = new SplittableRandom(c.streams().get("lineage/permutations").integers(1, Integer.MAX_VALUE)[0]);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("energy_distance_with_score", TwoSampleDistances.energyDistance(withScore, reference));
        metrics.put("energy_distance_without_score", TwoSampleDistances.energyDistance(withoutScore, reference));
        metrics.put("pvalue_with_score", TwoSampleDistances.energyPermutationPValue(withScore, reference, permutations, random));
        metrics.put("pvalue_without_score", TwoSampleDistances.energyPermutationPValue(withoutScore, reference, permutations, random));
        return new Outcome(metrics, List.of(Figure.points("reverse_sde", "reverse-time SDE from the prior, with and without the score", "x0", "x1")
                .withPoints("data", reference).withPoints("with the exact score", withScore).withPoints("score removed", withoutScore)));
    }
}
