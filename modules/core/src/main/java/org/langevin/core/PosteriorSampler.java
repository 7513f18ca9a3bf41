package org.langevin.core;

/**
 * Draws samples of p(x | y) from a prior's score and a {@link Measurement}: inverse problems without retraining.
 * Stateless: all randomness comes from the streams. The NFE reported is the score evaluations (a vector–Jacobian
 * product counts as one) spent on one sample, particles included.
 */
public interface PosteriorSampler {
    SampleResult sample(ScoreModel score, Measurement measurement, int n, RandomStreams streams);

    /** Refuses, with the reason (IllegalArgumentException), an operator this method cannot use; most take any. */
    default void check(LinearOperator operator) {}

    /** Rows held in memory per sample (particle methods: the particles). */
    default int rowsPerSample() {
        return 1;
    }
}
