package org.langevin.samplers;

import org.langevin.core.Marginal;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * EDM's stochastic Heun sampler (Karras et al. 2022, Alg. 2) on the variance-exploding form y = x/m with noise level
 * σ̃ = σ/m: churn raises σ̃ to σ̂ = σ̃(1 + γ), γ = min(s_churn/N, √2 - 1), by adding fresh noise of scale s_noise,
 * then a Heun step of dy/dσ̃ = (y - D(y, σ̃))/σ̃ goes to the next level. 2 NFE per step.
 */
public final class EdmHeunSampler extends GridSampler {
    private final double sChurn;
    private final double sNoise;

    public EdmHeunSampler(Sde sde, double sChurn, double sNoise, double[] grid, int chunkSize,
                          boolean denoise) {
        super(sde, grid, chunkSize, denoise);
        this.sChurn = sChurn;
        this.sNoise = sNoise;
    }

    @Override
    protected INDArray sampleChunk(ScoreModel score, int n, int dim, RandomStreams streams) {
        RandomStream noise = streams.get("sample/noise");
        int steps = grid.length - 1;
        double gamma = Math.min(sChurn / steps, Math.sqrt(2) - 1);
        double maxLevel = sde.noiseToSignal(sde.horizon());
        INDArray y = sde.priorSample(n, dim, streams.get("sample/prior")).divi(sde.marginal(sde.horizon()).meanCoef());
        for (int i = 0; i < steps; i++) {
            double level = sde.noiseToSignal(grid[i]);
            double next = sde.noiseToSignal(grid[i + 1]);
            double raised = Math.min(level * (1 + gamma), maxLevel);
            try (var ws = Workspaces.loop("edm-heun")) {
                if (raised > level) y.addi(noise.normal(DataType.DOUBLE, n, dim).muli(sNoise * Math.sqrt(raised * raised - level * level)));
                INDArray d = slope(score, y, raised);
                INDArray euler = y.add(d.mul(next - raised));
                INDArray d2 = slope(score, euler, next);
                y.addi(d.addi(d2).muli(0.5 * (next - raised)));
            }
        }
        return y.muli(sde.marginal(eps).meanCoef());
    }

    /** dy/dσ̃ = (y - D(y, σ̃)) / σ̃ with D from Tweedie at the time where σ/m = σ̃: D = y + σ̃² m s(m y, t). */
    private INDArray slope(ScoreModel score, INDArray y, double level) {
        double t = sde.timeOfNoiseToSignal(level, eps, sde.horizon());
        Marginal m = sde.marginal(t);
        // y - D = -σ̃² m s(m y, t), so the slope is -σ̃ m s
        return score.score(y.mul(m.meanCoef()), t).muli(-level * m.meanCoef());
    }
}
