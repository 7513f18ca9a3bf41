package org.langevin.samplers;

import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Annealed Langevin dynamics (Song & Ermon 2019, NCSN): over a geometric ladder of noise levels from T down to eps,
 * run {@code stepsPerLevel} Langevin moves x ← x + (α/2) s(x, t) + √α z targeting p_t, with α = ε σ(t)² (NCSN's
 * α_i = ε' σ_i²/σ_L², with ε' = ε σ_L²). NFE = levels × stepsPerLevel.
 */
public final class AnnealedLangevinSampler extends BatchSampler {
    private final double[] ladder;
    private final int stepsPerLevel;
    private final double stepSize;

    public AnnealedLangevinSampler(Sde sde, int levels, int stepsPerLevel, double stepSize, double eps, int chunkSize, boolean denoise) {
        super(sde, eps, chunkSize, denoise);
        this.ladder = TimeSchedule.LOGSNR.times(sde, levels - 1, eps, 1);
        this.stepsPerLevel = stepsPerLevel;
        this.stepSize = stepSize;
    }

    @Override
    protected INDArray sampleChunk(ScoreModel score, int n, int dim, RandomStreams streams) {
        RandomStream noise = streams.get("sample/noise");
        INDArray x = sde.priorSample(n, dim, streams.get("sample/prior"));
        for (double t : ladder) {
            double alpha = stepSize * sde.marginal(t).variance();
            for (int k = 0; k < stepsPerLevel; k++) {
                try (var ws = Workspaces.loop("ald")) {
                    x.addi(score.score(x, t).muli(0.5 * alpha)).addi(noise.normal(DataType.DOUBLE, n, dim).muli(Math.sqrt(alpha)));
                }
            }
        }
        return x;
    }
}
