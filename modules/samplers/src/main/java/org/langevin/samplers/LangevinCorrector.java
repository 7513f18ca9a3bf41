package org.langevin.samplers;

import org.langevin.core.Marginal;
import org.langevin.core.RandomStream;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Langevin corrector (Song et al. 2021, Alg. 4–5): at fixed t, {@code steps} unadjusted Langevin moves
 * x ← x + ε s + √(2ε) z that leave p_t invariant, with ε = 2 α (snr ‖z‖ / ‖s‖)² set by the signal-to-noise ratio
 * (α = (m_t / m_next)², 1 for VE).
 */
public record LangevinCorrector(double snr, int steps) {

    public void correct(Sde sde, ScoreModel score, INDArray x, double t, double next, RandomStream noise) {
        Marginal mt = sde.marginal(t);
        Marginal mn = sde.marginal(next);
        double ratio = mt.meanCoef() / mn.meanCoef();
        double alpha = ratio * ratio;
        for (int k = 0; k < steps; k++) {
            INDArray s = score.score(x, t);
            INDArray z = noise.normal(DataType.DOUBLE, x.rows(), x.columns());
            double sNorm = s.norm2(1).meanNumber().doubleValue();
            double zNorm = z.norm2(1).meanNumber().doubleValue();
            double step = 2 * alpha * Math.pow(snr * zNorm / Math.max(sNorm, 1e-30), 2);
            x.addi(s.muli(step)).addi(z.muli(Math.sqrt(2 * step)));
        }
    }
}
