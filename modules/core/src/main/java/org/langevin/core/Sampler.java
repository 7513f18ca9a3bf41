package org.langevin.core;

/** Draws samples from the distribution a score model describes. Stateless: all randomness comes from the streams. */
public interface Sampler {
    SampleResult sample(ScoreModel score, int n, int dim, RandomStreams streams);
}
