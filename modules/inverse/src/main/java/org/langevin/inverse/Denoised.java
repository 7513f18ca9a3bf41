package org.langevin.inverse;

import org.langevin.core.Marginal;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The prior's denoiser at (x, t): the score s, Tweedie's x̂0 = (x + σ² s)/m (Efron 2011) and ε̂ = −σ s, which every
 * posterior sampler corrects or steps from.
 */
record Denoised(INDArray x0, INDArray epsHat) {

    static Denoised at(ScoreModel model, Sde sde, INDArray x, double t) {
        Marginal m = sde.marginal(t);
        INDArray s = model.score(x, t);
        return new Denoised(m.posteriorMean(x, s.dup()), s.muli(-m.std()));
    }

    /** J_x̂0ᵀ v = (v + σ² (∂s/∂x)ᵀ v)/m per row: a gradient through Tweedie's denoiser, one vector–Jacobian product. */
    static INDArray pullback(ScoreModel model, Sde sde, INDArray x, double t, INDArray v) {
        Marginal m = sde.marginal(t);
        return model.vjp(x, t, v).vjp().muli(m.variance()).addi(v).divi(m.meanCoef());
    }
}
