package org.langevin.samplers;

import org.langevin.core.RandomStreams;
import org.langevin.core.RungeKutta;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fixed-step integration of the probability-flow ODE dx/dt = f - ½ g² s (Song et al. 2021) from the prior at T down to
 * eps on a time grid: explicit Euler (order 1, 1 NFE/step), Heun (order 2, 2 NFE/step) or classical Runge–Kutta
 * (order 4, 4 NFE/step). The only randomness is the prior draw.
 */
public final class ProbabilityFlowSampler extends GridSampler {
    private final RungeKutta method;

    public ProbabilityFlowSampler(Sde sde, RungeKutta method, double[] grid, int chunkSize, boolean denoise) {
        super(sde, grid, chunkSize, denoise);
        this.method = method;
    }

    @Override
    protected INDArray sampleChunk(ScoreModel score, int n, int dim, RandomStreams streams) {
        return method.integrate(sde.probabilityFlow(score), sde.priorSample(n, dim, streams.get("sample/prior")), grid);
    }
}
