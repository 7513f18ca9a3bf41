package org.langevin.core;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Train and test points (rows, double precision) and, where the data law is a known Gaussian mixture, that
 * mixture (the ground truth for oracle scores and exact likelihoods).
 */
public record Dataset(String name, INDArray train, INDArray test, Optional<GaussianMixture> truth) {
    public int dim() {
        return (int) train.columns();
    }
}
