package org.langevin.inverse;

import org.langevin.core.Marginal;
import org.langevin.core.Measurement;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.langevin.samplers.DdimStep;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ΠGDM (Song et al. 2023) with the guidance g of {@link PseudoInverseGuidance}, which accounts for σ_y and for the
 * denoiser's own uncertainty r_t, in one of two ways ({@code inverse.pigdm_step}): SCORE, the paper's, steps DDIM with
 * the conditional score s + g (x̂0 + σ² g/m and ε̂ − σ g), exact for a Gaussian prior of the data's variance; PROJECTION
 * steps DDIM with the prior's score and adds m_t m_t′ r_t² g, the weight of public implementations, which a learned
 * U-Net needs: its denoiser's Jacobian, amplified by 1/m_t at high noise, made s + g diverge on the digits (measured).
 * NFE = 2 per step.
 */
final class PigdmSampler extends GridPosteriorSampler {
    /** Where the guidance enters a step. */
    enum Step { SCORE, PROJECTION }

    private final double eta;
    private final double dataStd;
    private final Step mode;

    PigdmSampler(Sde sde, double[] grid, boolean denoise, double eta, double dataStd, Step mode) {
        super(sde, grid, denoise);
        this.eta = eta;
        this.dataStd = dataStd;
        this.mode = mode;
    }

    @Override
    protected INDArray run(ScoreModel score, Measurement measurement, INDArray y, int n, RandomStreams streams) {
        PseudoInverseGuidance guidance = new PseudoInverseGuidance(sde, measurement.operator(), measurement.noise(), dataStd);
        RandomStream noise = streams.get("sample/noise");
        INDArray x = sde.priorSample(n, measurement.operator().inputDim(), streams.get("sample/prior"));
        for (int i = 0; i + 1 < grid.length; i++) {
            try (var ws = Workspaces.loop("pigdm")) {
                PseudoInverseGuidance.At at = guidance.evaluate(score, x, grid[i], y);
                DdimStep step = DdimStep.between(sde, grid[i], grid[i + 1], eta);
                if (mode == Step.SCORE) {
                    Marginal m = sde.marginal(grid[i]);
                    INDArray x0 = at.prior().x0().add(at.gradient().mul(m.variance() / m.meanCoef()));
                    x.assign(step.sample(x0, at.prior().epsHat().sub(at.gradient().mul(m.std())), noise));
                } else {
                    x.assign(step.sample(at.prior().x0(), at.prior().epsHat(), noise).addi(at.gradient().mul(guidance.weight(grid[i], grid[i + 1]))));
                }
            }
        }
        return x;
    }
}
