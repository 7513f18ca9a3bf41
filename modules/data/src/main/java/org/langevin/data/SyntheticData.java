package org.langevin.data;

import java.util.Optional;
import java.util.function.BiFunction;
import org.langevin.core.DataSource;
import org.langevin.core.Dataset;
import org.langevin.core.GaussianMixture;
import org.langevin.core.MixtureDraws;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A data set drawn from a law we can sample: train from stream "data/train", test from "data/test". */
public final class SyntheticData implements DataSource {
    private final String name;
    private final BiFunction<Integer, RandomStream, INDArray> sampler;
    private final Optional<GaussianMixture> truth;
    private final int trainSize;
    private final int testSize;

    public SyntheticData(String name, BiFunction<Integer, RandomStream, INDArray> sampler, Optional<GaussianMixture> truth,
                         int trainSize, int testSize) {
        this.name = name;
        this.sampler = sampler;
        this.truth = truth;
        this.trainSize = trainSize;
        this.testSize = testSize;
    }

    /** Data from a Gaussian mixture, which is then also the known truth. */
    public static SyntheticData of(String name, GaussianMixture mixture, int trainSize, int testSize) {
        return new SyntheticData(name, mixture::sample, Optional.of(mixture), trainSize, testSize);
    }

    /** A mixture's rows are labelled by the component each was drawn from (the same draws as its plain sample). */
    @Override
    public Dataset load(RandomStreams streams) {
        if (truth.isEmpty()) {
            return new Dataset(name, sampler.apply(trainSize, streams.get("data/train")), sampler.apply(testSize, streams.get("data/test")), truth,
                    Optional.of(sampler::apply));
        }
        MixtureDraws train = MixtureDraws.of(truth.get(), trainSize, streams.get("data/train"));
        MixtureDraws test = MixtureDraws.of(truth.get(), testSize, streams.get("data/test"));
        return new Dataset(name, train.points(), test.points(), truth, Optional.of(sampler::apply), Optional.empty(),
                Optional.of(new Dataset.Labels(truth.get().components(), train.components(), test.components())));
    }
}
