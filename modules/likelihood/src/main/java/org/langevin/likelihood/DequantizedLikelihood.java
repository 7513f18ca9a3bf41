package org.langevin.likelihood;

import org.langevin.core.LikelihoodEstimator;
import org.langevin.core.LikelihoodResult;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Likelihood of discrete data on a grid of spacing Δ (e.g. 8-bit pixels: 256 levels) by uniform dequantization
 * (Theis et al. 2016; Ho et al. 2019): x̃ = x + (u - ½) Δ with u ~ U(0, 1)^D, and by Jensen
 * log P(x) ≥ E_u log p(x̃) + D log Δ. The reported log densities are log p(x̃) + D log Δ, a log probability of
 * the grid cell, so bits/dim is -(log p(x̃) + D log Δ) / (D ln 2). Measuring density in grid units like this is
 * the usual convention; without the D log Δ term a continuous density of data with small Δ gives negative bits/dim.
 * The prior and integral terms are those of x̃ (they no longer sum to the total, which also holds D log Δ).
 */
public final class DequantizedLikelihood implements LikelihoodEstimator {
    private final LikelihoodEstimator continuous;
    private final double spacing;

    public DequantizedLikelihood(LikelihoodEstimator continuous, double spacing) {
        if (!(spacing > 0)) throw new IllegalArgumentException("grid spacing must be positive");
        this.continuous = continuous;
        this.spacing = spacing;
    }

    @Override
    public LikelihoodResult logDensity(ScoreModel score, INDArray x, RandomStreams streams) {
        INDArray u = streams.get("likelihood/dequantize").uniform(DataType.DOUBLE, -0.5, 0.5, x.rows(), x.columns());
        INDArray dequantized = x.castTo(DataType.DOUBLE).add(u.muli(spacing));
        LikelihoodResult r = continuous.logDensity(score, dequantized, streams);
        double offset = x.columns() * Math.log(spacing);
        double[] logp = r.logDensity().clone();
        for (int i = 0; i < logp.length; i++) logp[i] += offset;
        return new LikelihoodResult(logp, r.priorTerm(), r.integralTerm(), r.nfe(), r.stderr(), r.probeStderr());
    }
}
