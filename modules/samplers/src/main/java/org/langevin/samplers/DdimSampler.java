package org.langevin.samplers;

import org.langevin.core.Marginal;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DDIM (Song, Meng & Ermon 2021) for any linear SDE x_t = m x0 + σ ε: with x̂0 = (x + σ² s)/m and ε̂ = -σ s, a
 * {@link DdimStep} at every step. η = 0 is deterministic (the probability-flow ODE's exponential integrator), η = 1
 * the ancestral DDPM posterior. 1 NFE per step.
 */
public final class DdimSampler extends GridSampler {
    private final double eta;

    public DdimSampler(Sde sde, double eta, double[] grid, int chunkSize, boolean denoise) {
        super(sde, grid, chunkSize, denoise);
        this.eta = eta;
    }

    @Override
    protected INDArray sampleChunk(ScoreModel score, int n, int dim, RandomStreams streams) {
        RandomStream noise = streams.get("sample/noise");
        INDArray x = sde.priorSample(n, dim, streams.get("sample/prior"));
        for (int i = 0; i + 1 < grid.length; i++) {
            Marginal m = sde.marginal(grid[i]);
            try (var ws = Workspaces.loop("ddim")) {
                INDArray s = score.score(x, grid[i]);
                INDArray x0 = m.posteriorMean(x, s.dup());
                x.assign(DdimStep.between(sde, grid[i], grid[i + 1], eta).sample(x0, s.muli(-m.std()), noise));
            }
        }
        return x;
    }
}
