package org.langevin.core;

import java.util.Optional;


/**
 * The factory contracts each family registers by name in its {@link Registry}: {@code sde.type: vp}
 * picks the {@code "vp"} binding. Factories read their keys from {@link Settings} and build plain math objects.
 */
public final class Factories {
    private Factories() {}

    @FunctionalInterface
    public interface SdeFactory {
        Sde create(Settings settings);
    }

    @FunctionalInterface
    public interface DataFactory {
        DataSource create(Settings settings);
    }

    /** Builds the score model for data of dimension {@code dim}; {@code data} offers the mixture for oracles. */
    @FunctionalInterface
    public interface ScoreFactory {
        ScoreModel create(Settings settings, Sde sde, Dataset data, RandomStreams streams);
    }

    @FunctionalInterface
    public interface LossFactory {
        Loss create(Settings settings, Sde sde, Dataset data);
    }

    @FunctionalInterface
    public interface SamplerFactory {
        Sampler create(Settings settings, Sde sde);
    }

    /** Builds the likelihood estimator; {@code data} offers training-data statistics (e.g. a moment-matched prior). */
    @FunctionalInterface
    public interface LikelihoodFactory {
        LikelihoodEstimator create(Settings settings, Sde sde, Dataset data);
    }

    /** Builds the measurement operator of an inverse problem for this data (its dimension, pixel grid or clip frames); empty: nothing is measured. */
    @FunctionalInterface
    public interface OperatorFactory {
        Optional<LinearOperator> create(Settings settings, Dataset data, RandomStreams streams);
    }

    /** Builds a posterior sampler; {@code base} is the configured sampler and {@code data} offers the prior mixture. */
    @FunctionalInterface
    public interface PosteriorFactory {
        PosteriorSampler create(Settings settings, Sde sde, Sampler base, Dataset data);
    }
}
