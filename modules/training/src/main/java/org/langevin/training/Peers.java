package org.langevin.training;

/**
 * The workers of a data-parallel run as one group: each calls {@link #average} with a vector of the same length at the
 * same point of training, and each gets back the mean of all of them, summed in worker order so that every worker holds
 * the same floats.
 */
public interface Peers {
    /** The number of workers. */
    int size();

    /** This worker's position, 0 … size − 1. */
    int rank();

    /** Replaces {@code values} by the mean over the workers of their {@code values}: (v₀ + v₁ + … + v_{N−1}) / N, in float. */
    void average(float[] values);
}
