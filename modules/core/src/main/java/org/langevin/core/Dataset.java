package org.langevin.core;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Train and test points (rows, double precision); where the data law is a known Gaussian mixture, that mixture (the
 * ground truth for oracle scores and exact likelihoods); for synthetic data, the law itself to draw fresh points; and for
 * images and clips, the pixel grid each row lays out.
 */
public record Dataset(String name, INDArray train, INDArray test, Optional<GaussianMixture> truth, Optional<Law> law,
                      Optional<PixelGrid> grid) {
    /** A data set of points (no pixel grid). */
    public Dataset(String name, INDArray train, INDArray test, Optional<GaussianMixture> truth, Optional<Law> law) {
        this(name, train, test, truth, law, Optional.empty());
    }

    /** A data law that can be sampled. */
    @FunctionalInterface
    public interface Law {
        INDArray sample(int n, RandomStream stream);
    }

    public int dim() {
        return (int) train.columns();
    }
}
