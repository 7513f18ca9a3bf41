package org.langevin.metrics;

import java.util.Arrays;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStream;

/**
 * Where samples sit under a mixture prior: the share of them whose prior log density falls below the prior's own
 * q-quantile of log p₀(X), X ~ p₀. Posterior draws for measurements of prior draws are, pooled over the measurements,
 * prior draws again, so the exact posterior's share is q; a guidance step that overshoots puts samples where the prior
 * has almost no mass and the share far above q.
 */
public final class PriorTail {
    private final GaussianMixture prior;
    private final double threshold;

    /** The threshold from {@code draws} exact prior draws of {@code stream}. */
    public PriorTail(GaussianMixture prior, double q, int draws, RandomStream stream) {
        if (!(q > 0 && q < 1)) throw new IllegalArgumentException("q must be in (0, 1), got " + q);
        this.prior = prior;
        double[] logDensities = prior.logDensity(Arrays2.toMatrix(prior.sample(draws, stream)));
        Arrays.sort(logDensities);
        this.threshold = logDensities[(int) Math.floor(q * (draws - 1))];
    }

    /** The share of the rows of {@code x} below the threshold. */
    public double share(double[][] x) {
        double[] logDensities = prior.logDensity(x);
        return (double) Arrays.stream(logDensities).filter(v -> v < threshold).count() / logDensities.length;
    }
}
