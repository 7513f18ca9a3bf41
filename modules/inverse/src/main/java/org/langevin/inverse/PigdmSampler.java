package org.langevin.inverse;

import org.langevin.core.Measurement;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.langevin.samplers.DdimStep;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ΠGDM (Song et al. 2023): each DDIM step of the prior moves on by the guidance of {@link PseudoInverseGuidance},
 * which accounts for σ_y and for the denoiser's own uncertainty r_t: x' = DDIM(x̂0, ε̂) + w_t g. NFE = 2 per step.
 */
final class PigdmSampler extends GridPosteriorSampler {
    private final double eta;

    PigdmSampler(Sde sde, double[] grid, boolean denoise, double eta) {
        super(sde, grid, denoise);
        this.eta = eta;
    }

    @Override
    protected INDArray run(ScoreModel score, Measurement measurement, INDArray y, int n, RandomStreams streams) {
        PseudoInverseGuidance guidance = new PseudoInverseGuidance(sde, measurement.operator(), measurement.noise());
        RandomStream noise = streams.get("sample/noise");
        INDArray x = sde.priorSample(n, measurement.operator().inputDim(), streams.get("sample/prior"));
        for (int i = 0; i + 1 < grid.length; i++) {
            try (var ws = Workspaces.loop("pigdm")) {
                PseudoInverseGuidance.At at = guidance.evaluate(score, x, grid[i], y);
                INDArray next = DdimStep.between(sde, grid[i], grid[i + 1], eta).sample(at.prior().x0(), at.prior().epsHat(), noise);
                x.assign(next.addi(at.gradient().mul(guidance.weight(grid[i], grid[i + 1]))));
            }
        }
        return x;
    }
}
