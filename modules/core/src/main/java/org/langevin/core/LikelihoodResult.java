package org.langevin.core;

/**
 * Per-point log densities in nats, split into the prior term log p_T(x_T) and the integral of the divergence,
 * with the NFE spent, the standard error of the mean log density across points, and, for a Hutchinson estimate
 * with K ≥ 2 probes, the standard error of the mean across the K probes (NaN otherwise).
 */
public record LikelihoodResult(double[] logDensity, double[] priorTerm, double[] integralTerm, long nfe, double stderr, double probeStderr) {

    public double meanLogDensity() {
        return Arrays2.mean(logDensity);
    }

    /** Mean negative log-likelihood in nats. */
    public double meanNll() {
        return -meanLogDensity();
    }

    /** Bits per dimension of the mean NLL: nll / (D ln 2). */
    public double bitsPerDim(int dim) {
        return meanNll() / (dim * Math.log(2.0));
    }

    /** The standard error of {@link #bitsPerDim}: stderr / (D ln 2). */
    public double bitsPerDimStderr(int dim) {
        return stderr / (dim * Math.log(2.0));
    }
}
