package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.core.Arrays2;
import org.langevin.core.LikelihoodResult;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every registered solver of the probability-flow ODE, with the exact score of the default data law and the exact
 * divergence, gives the exact log density of test points (instantaneous change of variables). Read from the registry.
 */
public class LikelihoodCatalogueTest {
    static Stream<String> solvers() {
        return Catalogue.likelihoods().all().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void theExactScoreGivesTheExactLogDensity(String solver) {
        ExperimentParts parts = ExperimentParts.build(ExperimentConfig.load(null, List.of("likelihood.type=" + solver, "score.type=oracle",
                "likelihood.divergence=exact", "data.n_test=200")));
        INDArray points = parts.data().test().get(NDArrayIndex.interval(0, 200), NDArrayIndex.all());
        LikelihoodResult r = parts.likelihood().logDensity(parts.score(), points, parts.streams());
        double[] exact = parts.data().truth().orElseThrow().logDensity(Arrays2.toMatrix(points));
        assertThat(r.nfe()).isPositive();
        for (int i = 0; i < exact.length; i++) assertThat(r.logDensity()[i]).as("%s, point %d", solver, i).isCloseTo(exact[i], within(0.01));
    }
}
