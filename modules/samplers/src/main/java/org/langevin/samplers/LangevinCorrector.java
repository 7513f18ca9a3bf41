package org.langevin.samplers;

import org.langevin.core.DensityModel;
import org.langevin.core.Marginal;
import org.langevin.core.RandomStream;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Langevin corrector (Song et al. 2021, Alg. 4–5): at fixed t, {@code steps} unadjusted Langevin moves
 * x ← x + ε s + √(2ε) z that leave p_t invariant, with ε = 2 α (snr ‖z‖ / ‖s‖)² set by the signal-to-noise ratio
 * (α = (m_t / m_next)², 1 for VE). The Metropolis-adjusted corrector tests each move against log p_t ({@link Metropolis}),
 * which needs a model with a log density (an oracle or an energy model); its step takes √D for the noise norm, so the
 * proposal's law does not depend on its own draw.
 */
public record LangevinCorrector(double snr, int steps, boolean metropolis) {

    public void correct(Sde sde, ScoreModel score, INDArray x, double t, double next, RandomStream noise, RandomStream accept) {
        DensityModel density = metropolis ? Metropolis.density(score, "sampler.corrector", "mala") : null;
        Marginal mt = sde.marginal(t);
        Marginal mn = sde.marginal(next);
        double ratio = mt.meanCoef() / mn.meanCoef();
        double alpha = ratio * ratio;
        for (int k = 0; k < steps; k++) {
            INDArray s = score.score(x, t);
            INDArray z = noise.normal(DataType.DOUBLE, x.rows(), x.columns());
            double sNorm = s.norm2(1).meanNumber().doubleValue();
            // the Metropolis test needs a step independent of the proposal's noise: E‖z‖ ≈ √D in place of the draw's mean norm
            double zNorm = density == null ? z.norm2(1).meanNumber().doubleValue() : Math.sqrt(x.columns());
            double step = 2 * alpha * Math.pow(snr * zNorm / Math.max(sNorm, 1e-30), 2);
            if (density == null) {
                x.addi(s.muli(step)).addi(z.muli(Math.sqrt(2 * step)));
                continue;
            }
            INDArray y = x.add(s.mul(step)).addi(z.muli(Math.sqrt(2 * step)));
            INDArray mask = Metropolis.accept(x, y, s, score.score(y, t), density.logDensity(x, t), density.logDensity(y, t), step, 1.0, accept);
            x.addi(y.subi(x).muliColumnVector(mask));
        }
    }
}
