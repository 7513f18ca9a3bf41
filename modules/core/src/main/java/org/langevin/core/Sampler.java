package org.langevin.core;

/** Draws samples from the distribution a score model describes. Stateless: all randomness comes from the streams. */
public interface Sampler {
    SampleResult sample(ScoreModel score, int n, int dim, RandomStreams streams);

    /** True when the sampler needs log densities as well as scores (a {@link DensityModel}). */
    default boolean needsLogDensity() {
        return false;
    }
}
