package org.langevin.samplers;

import org.langevin.core.Marginal;
import org.langevin.core.RandomStream;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of a reverse-time SDE from t down to {@code next}, in place on x. {@code last} asks for the step's mean
 * (no noise is added on the final step, as in Song et al. 2021).
 */
public interface Predictor {
    void step(Sde sde, ScoreModel score, INDArray x, double t, double next, boolean last, RandomStream noise);

    /** Euler–Maruyama on Anderson's reverse SDE: x ← x - [f - g² s] h + g √h z, h = t - next. */
    Predictor EULER_MARUYAMA = (sde, score, x, t, next, last, noise) -> {
        double h = t - next;
        x.subi(sde.reverseDrift(score).apply(x, t).muli(h));
        if (!last) x.addi(noise.normal(DataType.DOUBLE, x.rows(), x.columns()).muli(sde.diffusion(t) * Math.sqrt(h)));
    };

    /**
     * Reverse diffusion (Song et al. 2021): reverse the exact forward discretisation x_t = r x_next + G z with
     * r = m_t/m_next and G² = σ_t² - r² σ_next², giving x ← (2 - r) x + G² s + G z.
     */
    Predictor REVERSE_DIFFUSION = (sde, score, x, t, next, last, noise) -> {
        Sde.Transition kernel = sde.transition(next, t);
        double r = kernel.ratio();
        double g2 = kernel.variance();
        INDArray s = score.score(x, t);
        x.muli(2 - r).addi(s.muli(g2));
        if (!last) x.addi(noise.normal(DataType.DOUBLE, x.rows(), x.columns()).muli(Math.sqrt(g2)));
    };

    /**
     * Ancestral sampling (Song et al. 2021, after Ho et al. 2020 and Song & Ermon 2019), for VP and VE only.
     * VP: β = 1 - (m_t/m_next)², x ← (x + β s)/√(1-β) + √β z. VE: x ← x + (σ_t² - σ_n²) s + √(σ_n²(σ_t² - σ_n²)/σ_t²) z.
     */
    static Predictor ancestral(boolean varianceExploding) {
        return (sde, score, x, t, next, last, noise) -> {
            Marginal mt = sde.marginal(t);
            Marginal mn = sde.marginal(next);
            INDArray s = score.score(x, t);
            double std;
            if (varianceExploding) {
                double dv = mt.variance() - mn.variance();
                x.addi(s.muli(dv));
                std = Math.sqrt(mn.variance() * dv / mt.variance());
            } else {
                double ratio = mt.meanCoef() / mn.meanCoef();
                double beta = 1 - ratio * ratio;
                x.addi(s.muli(beta)).divi(Math.sqrt(1 - beta));
                std = Math.sqrt(beta);
            }
            if (!last) x.addi(noise.normal(DataType.DOUBLE, x.rows(), x.columns()).muli(std));
        };
    }
}
