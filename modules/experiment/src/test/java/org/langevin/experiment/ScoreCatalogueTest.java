package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.DensityModel;
import org.langevin.core.Descriptor.Need;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every registered score model builds on the first registered data set it accepts (an oracle needs a known law, a
 * U-Net images) and gives a finite score of the data's shape at every noise level. Read from the registries: no score
 * model or data set is named here.
 */
public class ScoreCatalogueTest {
    static Stream<String> scores() {
        return Catalogue.scores().all().keySet().stream();
    }

    /** The parts of the score model on the first data set it accepts. */
    static Optional<ExperimentParts> onAcceptedData(String score) {
        for (String data : Catalogue.data().all().keySet()) {
            try {
                return Optional.of(ExperimentParts.build(ExperimentConfig.load(null, List.of("score.type=" + score, "data.type=" + data,
                        "data.n_train=300", "data.n_test=100"))));
            } catch (ConfigException refused) {
                // this data set does not suit the score model (or needs keys of its own): try the next
            }
        }
        return Optional.empty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scores")
    void givesAFiniteScoreOfTheDataShapeAtEveryNoiseLevel(String score) {
        ExperimentParts parts = onAcceptedData(score).orElseThrow(() -> new AssertionError(score + " accepts no registered data set"));
        INDArray x = parts.data().test().get(NDArrayIndex.interval(0, 4), NDArrayIndex.all());
        for (double fraction : new double[] {0.01, 0.5, 1.0}) {
            double t = Math.max(parts.sde().minTime(), fraction * parts.sde().horizon());
            INDArray s = parts.score().score(x, t);
            assertThat(s.shape()).as("%s at t = %s", score, t).isEqualTo(x.shape());
            assertThat(Arrays2.allFinite(s)).as("%s at t = %s", score, t).isTrue();
        }
        boolean exact = parts.score() instanceof DensityModel && parts.trainable().isEmpty();
        assertThat(Catalogue.scores().descriptor(score).offers(Need.EXACT_SCORE)).as("%s declares an exact score", score).isEqualTo(exact);
    }
}
