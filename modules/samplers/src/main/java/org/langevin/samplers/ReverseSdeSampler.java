package org.langevin.samplers;

import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Predictor–corrector sampling of the reverse-time SDE (Song et al. 2021, Alg. 1): at every step of the time grid an
 * optional Langevin corrector first refines x at the current time, then a predictor moves it to the next time; the
 * final predictor step returns its mean (no fresh noise at eps). NFE = steps × (1 + corrector steps).
 */
public final class ReverseSdeSampler extends GridSampler {
    private final Predictor predictor;
    private final LangevinCorrector corrector; // null: none

    public ReverseSdeSampler(Sde sde, Predictor predictor, LangevinCorrector corrector, double[] grid, int chunkSize, boolean denoise) {
        super(sde, grid, chunkSize, denoise);
        this.predictor = predictor;
        this.corrector = corrector;
    }

    @Override
    protected INDArray sampleChunk(ScoreModel score, int n, int dim, RandomStreams streams) {
        RandomStream noise = streams.get("sample/noise");
        RandomStream accept = streams.get("sample/accept");
        INDArray x = sde.priorSample(n, dim, streams.get("sample/prior"));
        int steps = grid.length - 1;
        for (int i = 0; i < steps; i++) {
            try (var ws = Workspaces.loop("reverse-sde")) {
                if (corrector != null) corrector.correct(sde, score, x, grid[i], grid[i + 1], noise, accept);
                predictor.step(sde, score, x, grid[i], grid[i + 1], i + 1 == steps, noise);
            }
        }
        return x;
    }
}
