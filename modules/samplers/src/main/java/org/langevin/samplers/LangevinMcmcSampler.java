package org.langevin.samplers;

import org.langevin.core.DensityModel;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Langevin Monte Carlo for the Boltzmann law π(x) ∝ exp(-U(x)/kT) with U = -log p_t at a fixed time t (t = eps: the
 * data law), so ∇ log π = s/kT. The unadjusted Langevin algorithm (Roberts & Tweedie 1996) moves
 * x' = x + h ∇log π(x) + √(2h) z; MALA accepts x' with probability min(1, π(x') q(x|x') / (π(x) q(x'|x))), which removes
 * the O(h) bias and needs log π (an oracle or an energy model). Chains start from N(0, I). NFE = steps (MALA: steps + 1, reusing the
 * accepted proposal's score).
 */
public final class LangevinMcmcSampler extends BatchSampler {
    private final int steps;
    private final double stepSize;
    private final double temperature;
    private final boolean metropolis;

    public LangevinMcmcSampler(Sde sde, int steps, double stepSize, double temperature, boolean metropolis, double eps, int chunkSize) {
        super(sde, eps, chunkSize, false);
        this.steps = steps;
        this.stepSize = stepSize;
        this.temperature = temperature;
        this.metropolis = metropolis;
    }

    @Override
    protected INDArray sampleChunk(ScoreModel score, int n, int dim, RandomStreams streams) {
        RandomStream noise = streams.get("sample/noise");
        RandomStream accept = streams.get("sample/accept");
        INDArray x = streams.get("sample/prior").normal(DataType.DOUBLE, n, dim);
        DensityModel density = metropolis ? Metropolis.density(score, "sampler.type", "mala") : null;
        double h = stepSize;
        // MALA keeps ∇log π and log π of the current state (outside the workspace) and updates them on acceptance
        INDArray current = metropolis ? score.score(x, eps).divi(temperature) : null;
        double[] logPiX = metropolis ? density.logDensity(x, eps) : null;
        for (int k = 0; k < steps; k++) {
            try (var ws = Workspaces.loop("langevin-mcmc")) {
                INDArray grad = metropolis ? current : score.score(x, eps).divi(temperature);
                INDArray proposal = x.add(grad.mul(h)).addi(noise.normal(DataType.DOUBLE, n, dim).muli(Math.sqrt(2 * h)));
                if (!metropolis) {
                    x.assign(proposal);
                    continue;
                }
                INDArray gradProposal = score.score(proposal, eps).divi(temperature);
                double[] logPiY = density.logDensity(proposal, eps);
                INDArray mask = Metropolis.accept(x, proposal, grad, gradProposal, logPiX, logPiY, h, temperature, accept);
                current.addi(gradProposal.subi(current).muliColumnVector(mask));
                x.addi(proposal.subi(x).muliColumnVector(mask));
            }
        }
        return x;
    }
}
