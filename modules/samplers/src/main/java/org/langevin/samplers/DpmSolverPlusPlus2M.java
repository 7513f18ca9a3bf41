package org.langevin.samplers;

import org.langevin.core.Marginal;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DPM-Solver++(2M) (Lu et al. 2022), a second-order multistep exponential integrator of the probability-flow ODE in
 * the data prediction D = x̂0 and the half log-SNR λ = log(m/σ): x_{i+1} = (σ_{i+1}/σ_i) x_i - m_{i+1}(e^{-h} - 1) D̃,
 * h = λ_{i+1} - λ_i, with D̃ = D_i on the first step and (1 + 1/(2r)) D_i - D_{i-1}/(2r), r = h_{i-1}/h_i, after it.
 * 1 NFE per step.
 */
public final class DpmSolverPlusPlus2M extends GridSampler {

    public DpmSolverPlusPlus2M(Sde sde, double[] grid, int chunkSize, boolean denoise) {
        super(sde, grid, chunkSize, denoise);
    }

    @Override
    protected INDArray sampleChunk(ScoreModel score, int n, int dim, RandomStreams streams) {
        return integrate(sde, score, sde.priorSample(n, dim, streams.get("sample/prior")), grid);
    }

    /** Integrates the probability-flow ODE along the grid, in place on x, and returns x. */
    public static INDArray integrate(Sde sde, ScoreModel score, INDArray x, double[] grid) {
        INDArray previous = null;
        double previousStep = 0;
        for (int i = 0; i + 1 < grid.length; i++) {
            Marginal m = sde.marginal(grid[i]);
            Marginal mn = sde.marginal(grid[i + 1]);
            double h = lambda(mn) - lambda(m);
            INDArray denoised = m.posteriorMean(x, score.score(x, grid[i]));
            try (var ws = Workspaces.loop("dpmpp-2m")) {
                INDArray d = denoised;
                if (previous != null) {
                    double r = previousStep / h;
                    d = denoised.mul(1 + 1 / (2 * r)).subi(previous.mul(1 / (2 * r)));
                }
                x.muli(mn.std() / m.std()).subi(d.mul(mn.meanCoef() * Math.expm1(-h)));
            }
            previous = denoised;
            previousStep = h;
        }
        return x;
    }

    private static double lambda(Marginal m) {
        return Math.log(m.meanCoef() / m.std());
    }
}
