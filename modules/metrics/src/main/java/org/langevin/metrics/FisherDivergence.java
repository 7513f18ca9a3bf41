package org.langevin.metrics;

import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStream;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The σ²-weighted Fisher divergence of a score model to the exact score of Gaussian-mixture data,
 * E_{t~U(eps,T)} σ_t² E_{x~p_t} ‖s(x, t) - ∇log p_t(x)‖², by stratified t (midpoints of equal intervals) and fresh draws
 * of p_t. The weight σ_t² makes every noise level count on the same scale (it is the ε-prediction error).
 */
public final class FisherDivergence {
    private FisherDivergence() {}

    public static double sigma2Weighted(ScoreModel model, GaussianMixture data, Sde sde, double eps, int levels, int points, RandomStream stream) {
        double sum = 0;
        for (int k = 0; k < levels; k++) {
            double t = eps + (k + 0.5) * (sde.horizon() - eps) / levels;
            GaussianMixture pt = data.perturbed(sde.marginal(t));
            INDArray x = pt.sample(points, stream);
            INDArray diff = model.score(x, t).castTo(DataType.DOUBLE).subi(Arrays2.fromMatrix(pt.score(Arrays2.toMatrix(x)), DataType.DOUBLE));
            sum += sde.marginal(t).variance() * diff.mul(diff).sumNumber().doubleValue() / points;
        }
        return sum / levels;
    }
}
