package org.langevin.core;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Train and test points (rows, double precision); where the data law is a known Gaussian mixture, that mixture (the
 * ground truth for oracle scores and exact likelihoods); and, for synthetic data, the law itself to draw fresh points.
 */
public record Dataset(String name, INDArray train, INDArray test, Optional<GaussianMixture> truth, Optional<Law> law) {
    /** A data law that can be sampled. */
    @FunctionalInterface
    public interface Law {
        INDArray sample(int n, RandomStream stream);
    }

    public int dim() {
        return (int) train.columns();
    }
}
