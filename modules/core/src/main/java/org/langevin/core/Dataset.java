package org.langevin.core;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Train and test points (rows, double precision); where the data law is a known Gaussian mixture, that mixture (the
 * ground truth for oracle scores and exact likelihoods); for synthetic data, the law itself to draw fresh points; for
 * images and clips, the pixel grid each row lays out; and where the rows have classes, their labels.
 */
public record Dataset(String name, INDArray train, INDArray test, Optional<GaussianMixture> truth, Optional<Law> law,
                      Optional<PixelGrid> grid, Optional<Labels> labels) {
    /** A data set of points (no pixel grid, no labels). */
    public Dataset(String name, INDArray train, INDArray test, Optional<GaussianMixture> truth, Optional<Law> law) {
        this(name, train, test, truth, law, Optional.empty(), Optional.empty());
    }

    /**
     * The class of each train and test row, from 0 to classes − 1 (digits: the digit; a mixture: the component drawn).
     */
    public record Labels(int classes, int[] train, int[] test) {}

    /** A data law that can be sampled. */
    @FunctionalInterface
    public interface Law {
        INDArray sample(int n, RandomStream stream);
    }

    public int dim() {
        return (int) train.columns();
    }
}
