package org.langevin.samplers;

import java.util.ArrayList;
import java.util.List;
import org.langevin.core.CountingScore;
import org.langevin.core.Marginal;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleChunks;
import org.langevin.core.SampleResult;
import org.langevin.core.Sampler;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What every sampler shares: samples are drawn in chunks of at most {@code chunkSize} ({@link SampleChunks}; 0: auto,
 * by the rows' dimension), so memory stays bounded for any N,
 * score evaluations are counted (NFE = evaluations along one trajectory, the largest over chunks), and an optional
 * final denoising step replaces x_eps by Tweedie's estimate E[x0 | x_eps] = (x + σ² s(x, eps)) / m (one more NFE).
 */
public abstract class BatchSampler implements Sampler {
    protected final Sde sde;
    protected final double eps;
    private final int chunkSize;
    private final boolean denoise;

    protected BatchSampler(Sde sde, double eps, int chunkSize, boolean denoise) {
        if (!(eps > 0) || !(eps < sde.horizon())) throw new IllegalArgumentException("eps must lie in (0, T), got " + eps);
        this.sde = sde;
        this.eps = eps;
        this.chunkSize = chunkSize;
        this.denoise = denoise;
    }

    /** Draws one chunk of n samples at time eps (double precision rows), evaluating the score only through {@code score}. */
    protected abstract INDArray sampleChunk(ScoreModel score, int n, int dim, RandomStreams streams);

    @Override
    public final SampleResult sample(ScoreModel score, int n, int dim, RandomStreams streams) {
        List<INDArray> chunks = new ArrayList<>();
        long nfe = 0;
        int chunk = SampleChunks.size(chunkSize, dim);
        for (int done = 0; done < n; done += chunk) {
            CountingScore counted = new CountingScore(score);
            INDArray x = sampleChunk(counted, Math.min(chunk, n - done), dim, streams);
            if (denoise) x = tweedie(counted, x, eps);
            chunks.add(x);
            nfe = Math.max(nfe, counted.count());
        }
        return new SampleResult(chunks.size() == 1 ? chunks.get(0) : Nd4j.vstack(chunks.toArray(new INDArray[0])), nfe);
    }

    /** The final denoising step: the posterior mean of x0 given x_t ({@link Marginal#posteriorMean}). */
    protected final INDArray tweedie(ScoreModel score, INDArray x, double t) {
        return sde.marginal(t).posteriorMean(x, score.score(x, t));
    }
}
