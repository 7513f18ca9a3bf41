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

    /** into[i] = (0 + all[0][i] + all[1][i] + …) / N: the mean of every worker's vector, summed in rank order. */
    static void meanInRankOrder(float[][] all, float[] into) {
        for (int i = 0; i < into.length; i++) {
            float sum = 0f;
            for (float[] v : all) sum += v[i];
            into[i] = sum / all.length;
        }
    }
}
