package org.langevin.inverse;

import org.langevin.core.Arrays2;
import org.langevin.core.Measurement;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.langevin.samplers.DdimStep;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Twisted sequential Monte Carlo (Wu et al. 2023, the twisted diffusion sampler): K particles per sample move by the
 * twisted DDPM step q(x' | x, y) = N(μ + c² ∇ₓ log p̃_t(y | x), c² I), the prior's step N(μ, c² I) tilted by the
 * twisting function p̃_t of {@link PseudoInverseGuidance} (a shift of the step's variance times the gradient, so the
 * pull per unit time does not grow as the steps shrink), and are reweighted by
 * w ← w · p(x' | x) p̃_t'(y | x') / (q(x' | x, y) p̃_t(y | x)), resampled (systematic) when the effective sample size
 * falls under K/2; each sample is one particle drawn by its final weight. The weights make it consistent: the law of a
 * sample tends to p(x | y) (with σ_y² + r_eps² A Aᵀ as the final noise) as K grows. NFE = 2 (steps + 1) K.
 */
final class TwistedSmcSampler extends GridPosteriorSampler {
    private final int particles;
    private final double dataStd;

    TwistedSmcSampler(Sde sde, double[] grid, boolean denoise, int particles, double dataStd) {
        super(sde, grid, denoise);
        this.particles = particles;
        this.dataStd = dataStd;
    }

    @Override
    public int rowsPerSample() {
        return particles;
    }

    @Override
    protected INDArray run(ScoreModel score, Measurement measurement, INDArray y, int n, RandomStreams streams) {
        PseudoInverseGuidance guidance = new PseudoInverseGuidance(sde, measurement.operator(), measurement.noise(), dataStd);
        RandomStream noise = streams.get("sample/noise");
        RandomStream resample = streams.get("inverse/resample");
        int total = n * particles;
        int[] owner = new int[total];
        for (int i = 0; i < total; i++) owner[i] = i / particles;
        INDArray ys = Arrays2.rows(y, owner);
        INDArray x = sde.priorSample(total, measurement.operator().inputDim(), streams.get("sample/prior"));
        PseudoInverseGuidance.At current = guidance.evaluate(score, x, grid[0], ys);
        double[] logWeights = current.logLikelihood().clone();
        for (int i = 0; i + 1 < grid.length; i++) {
            // a workspace per step bounds native memory; the particles and their guidance are detached to outlive it
            try (var ws = Workspaces.loop("smc")) {
                DdimStep step = DdimStep.between(sde, grid[i], grid[i + 1], 1.0);
                INDArray meanP = step.mean(current.prior().x0(), current.prior().epsHat());
                double c2 = step.noise() * step.noise();
                if (!(c2 > 0)) throw new IllegalStateException("smc needs noise in every step: the times " + grid[i] + " and " + grid[i + 1]
                        + " coincide");
                // the proposal moves along the twist's gradient by the step's variance c² (Wu et al. 2023), at most by ΠGDM's
                // projection weight m_t m_t' r_t²: a learned denoiser's Jacobian is large at high noise, where that weight is
                // small, and an unbounded move threw the particles out; the weights below correct any proposal's law
                INDArray meanQ = meanP.add(current.gradient().mul(Math.min(c2, guidance.weight(grid[i], grid[i + 1]))));
                INDArray next = meanQ.add(noise.normal(DataType.DOUBLE, total, x.columns()).muli(step.noise()));
                PseudoInverseGuidance.At twisted = guidance.evaluate(score, next, grid[i + 1], ys);
                double[] toQ = next.sub(meanQ).norm2(1).toDoubleVector();
                double[] toP = next.sub(meanP).norm2(1).toDoubleVector();
                for (int j = 0; j < total; j++) {
                    logWeights[j] += twisted.logLikelihood()[j] - current.logLikelihood()[j] + (toQ[j] * toQ[j] - toP[j] * toP[j]) / (2 * c2);
                    if (Double.isNaN(logWeights[j])) throw new IllegalStateException("smc: a particle weight is not a number at t = " + grid[i + 1]);
                }
                int[] keep = Resampling.whereDegenerate(logWeights, particles, resample);
                x = Arrays2.rows(next, keep).detach();
                current = twisted.rows(keep).detached();
            }
        }
        return Arrays2.rows(x, Resampling.onePerGroup(logWeights, particles, resample));
    }
}
