package org.langevin.losses;

import org.langevin.core.Loss;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainableScore;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Denoising score matching (Vincent 2011; Song et al. 2021): L = E_t λ(t) E_{x0, z} ‖s(m x0 + σ z, t) + z/σ‖², which
 * equals the λ-weighted Fisher divergence E_t λ E‖s - ∇log p_t‖² plus E_t λ (D/σ² - E‖∇log p_t‖²), a constant.
 */
public final class DenoisingScoreMatching implements Loss {
    private final NoiseLevels levels;

    public DenoisingScoreMatching(NoiseLevels levels) {
        this.levels = levels;
    }

    @Override
    public Value evaluate(TrainableScore model, INDArray x0, RandomStreams streams) {
        NoiseLevels.Perturbed p = levels.perturb(x0, streams, model.dataType());
        TrainableScore.TrainingPass pass = model.forward(p.xt(), p.t());
        // w ‖s + z/σ‖² = (w/σ²) ‖σ s + z‖²: the scaled residual σ s + z stays O(1) at small σ
        Value residual = DenoisingResidual.of(pass.score(), p.z(), p.stds(), p.weights());
        return new Value(residual.loss(), pass.backward(residual.gradient()));
    }
}
