package org.langevin.inverse;

import org.langevin.core.CountingScore;
import org.langevin.core.Measurement;
import org.langevin.core.PosteriorSampler;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the approximate posterior samplers share: they step the reverse process on the sampler's time grid
 * T = t_0 > … > t_N = eps from the prior N(0, s_T² I), correcting with the measurement; the score evaluations are
 * counted (per particle when a sample needs several), and an optional final Tweedie step returns E[x0 | x_eps].
 */
abstract class GridPosteriorSampler implements PosteriorSampler {
    protected final Sde sde;
    protected final double[] grid;
    private final boolean denoise;

    GridPosteriorSampler(Sde sde, double[] grid, boolean denoise) {
        this.sde = sde;
        this.grid = grid.clone();
        this.denoise = denoise;
    }

    /** Draws n samples at eps for the observations y (one row per sample), evaluating the score only through {@code score}. */
    protected abstract INDArray run(ScoreModel score, Measurement measurement, INDArray y, int n, RandomStreams streams);

    /** Evaluations along a trajectory count once per particle: a sample's cost (the final Tweedie step runs on the sample alone). */
    @Override
    public final SampleResult sample(ScoreModel score, Measurement measurement, int n, RandomStreams streams) {
        CountingScore counted = new CountingScore(score);
        INDArray x = run(counted, measurement, measurement.rows(n), n, streams);
        long nfe = counted.count() * rowsPerSample();
        if (denoise) {
            CountingScore last = new CountingScore(score);
            x = Denoised.at(last, sde, x, grid[grid.length - 1]).x0();
            nfe += last.count();
        }
        return new SampleResult(x, nfe);
    }
}
