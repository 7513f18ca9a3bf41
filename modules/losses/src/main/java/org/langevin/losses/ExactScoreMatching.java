package org.langevin.losses;

import org.langevin.core.Loss;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainableScore;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact score matching (Hyvärinen 2005) per noise level: ℓ = tr ∇ₓ s + ½ ‖s‖², equal to ½ E‖s - ∇log p_t‖² up to a
 * constant, with the Jacobian's trace computed exactly (D Jacobian–vector products: for low dimension).
 */
public final class ExactScoreMatching implements Loss {
    private final NoiseLevels levels;


    public ExactScoreMatching(NoiseLevels levels) {
        this.levels = levels;
    }

    @Override
    public Value evaluate(TrainableScore model, INDArray x0, RandomStreams streams) {
        int n = (int) x0.rows();
        NoiseLevels.Perturbed p = levels.perturb(x0, streams, model.dataType());
        TrainableScore.DivergencePass pass = model.forwardWithDivergence(p.xt(), p.t());
        INDArray s = pass.score();
        INDArray perRow = s.mul(s).sum(1).reshape(n, 1).muli(0.5).addi(pass.divergence());
        INDArray weight = p.weight();
        double loss = perRow.muli(weight).sumNumber().doubleValue() / n;
        INDArray w = weight.div(n);
        return new Value(loss, pass.backward(s.mulColumnVector(w), w));
    }
}
