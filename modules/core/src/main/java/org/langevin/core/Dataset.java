package org.langevin.core;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Train and test points (rows, double precision); where the data law is a known Gaussian mixture, that mixture (the
 * ground truth for oracle scores and exact likelihoods); for synthetic data, the law itself to draw fresh points; for
 * images and clips, the pixel grid each row lays out; where the rows have classes, their labels; and for data built on
 * demand (moving_idx), the source training batches are drawn from, fresh at every step (the train rows are then one
 * fixed draw of it, for evaluation).
 */
public record Dataset(String name, INDArray train, INDArray test, Optional<GaussianMixture> truth, Optional<Law> law,
                      Optional<PixelGrid> grid, Optional<Labels> labels, Optional<TrainingRows> onDemand) {
    /** A data set held in memory. */
    public Dataset(String name, INDArray train, INDArray test, Optional<GaussianMixture> truth, Optional<Law> law,
                   Optional<PixelGrid> grid, Optional<Labels> labels) {
        this(name, train, test, truth, law, grid, labels, Optional.empty());
    }

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

    /** √(mean over coordinates of the training rows' variance): the data's σ_d (EDM preconditioning and weighting). */
    public double coordinateStd() {
        return Math.sqrt(train.var(0).meanNumber().doubleValue());
    }

    /** The data std σ_d of score.sigma_data: the key's value, or with auto {@link #coordinateStd()}. */
    public double sigmaData(Settings s) {
        return s.isAuto("score.sigma_data") ? coordinateStd() : s.positive("score.sigma_data");
    }

    /** Where training batches come from: the on-demand source, else the train rows with their labels. */
    public TrainingRows trainingRows() {
        return onDemand.orElseGet(() -> TrainingRows.of(train, labels.map(Labels::train).orElse(null)));
    }

    public int dim() {
        return (int) train.columns();
    }
}
