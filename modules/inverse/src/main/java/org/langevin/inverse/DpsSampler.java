package org.langevin.inverse;

import org.langevin.core.Measurement;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.langevin.samplers.DdimStep;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Diffusion posterior sampling (Chung et al. 2023, Alg. 1): a reverse step from x̂0, then a gradient step on the
 * squared residual through the denoiser with the paper's normalised step ζ_t = ζ/‖y − A x̂0‖:
 * x' ← x' − ζ_t ∇ₓ‖y − A x̂0(x)‖², with ∇ₓ‖r‖² = −2 J_x̂0ᵀ Aᵀ r. The residual is measured in data units; σ_y enters only
 * through the tuning of ζ ({@code inverse.step_size}), as in the paper. The step does not shrink with the time step,
 * so the ζ that fits depends on the number of steps (the paper's range 0.1–1 is for 1,000 steps on images).
 * NFE = 2 per step (a score and a vector–Jacobian product).
 */
final class DpsSampler extends GridPosteriorSampler {
    private final double stepSize;
    private final double eta;

    DpsSampler(Sde sde, double[] grid, boolean denoise, double stepSize, double eta) {
        super(sde, grid, denoise);
        this.stepSize = stepSize;
        this.eta = eta;
    }

    @Override
    protected INDArray run(ScoreModel score, Measurement measurement, INDArray y, int n, RandomStreams streams) {
        RandomStream noise = streams.get("sample/noise");
        INDArray x = sde.priorSample(n, measurement.operator().inputDim(), streams.get("sample/prior"));
        for (int i = 0; i + 1 < grid.length; i++) {
            double t = grid[i];
            try (var ws = Workspaces.loop("dps")) {
                Denoised d = Denoised.at(score, sde, x, t);
                INDArray residual = y.sub(measurement.operator().apply(d.x0()));
                INDArray norm = Transforms.sqrt(residual.mul(residual).sum(true, 1)).addi(1e-12);
                INDArray descent = Denoised.pullback(score, sde, x, t, measurement.operator().adjoint(residual.diviColumnVector(norm)));
                x.assign(DdimStep.between(sde, t, grid[i + 1], eta).sample(d.x0(), d.epsHat(), noise).addi(descent.muli(2 * stepSize)));
            }
        }
        return x;
    }
}
