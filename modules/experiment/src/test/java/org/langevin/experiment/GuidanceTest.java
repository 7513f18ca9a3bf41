package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.ClassConditional;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Marginal;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.TrainableScore;
import org.langevin.experiment.assembly.Conditioning;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.metrics.TwoSampleDistances;
import org.langevin.training.Checkpoint;
import org.langevin.training.BatchCondition;
import org.langevin.training.Trainer;
import org.nd4j.linalg.factory.Nd4j;

/** Class-conditional sampling against the exact per-component laws: the oracle's exact guidance, and a trained conditional MLP. */
class GuidanceTest {
    private static final List<String> GMM = List.of("data.type=gmm", "data.weights=[0.2, 0.3, 0.5]", "data.means=[[-3, 0], [2, 2], [1, -3]]",
            "data.covariances=[[[0.5, 0.2], [0.2, 0.4]], [[0.3, 0], [0, 0.6]], [[0.8, -0.3], [-0.3, 0.5]]]", "sampler.type=ddim", "sampler.eta=1.0",
            "sampler.steps=200");

    private static ExperimentParts parts(String... extra) {
        List<String> sets = new ArrayList<>(GMM);
        sets.addAll(List.of(extra));
        return ExperimentParts.build(ExperimentConfig.load(null, sets));
    }

    private static double[][] samples(ExperimentParts parts, ScoreModel model, int n) {
        return Arrays2.toMatrix(parts.sampler().sample(parts.sampling(model), n, 2, parts.streams()).samples());
    }

    @Test
    void atScaleZeroTheOracleSamplesEachComponentLaw() {
        for (int c = 0; c < 3; c++) {
            ExperimentParts parts = parts("score.type=oracle", "sampler.label=" + c);
            double[][] x = samples(parts, parts.score(), 400);
            double[][] exact = Arrays2.toMatrix(parts.data().truth().orElseThrow().component(c).sample(400, new RandomStreams(5).get("exact")));
            assertThat(TwoSampleDistances.energyPermutationPValue(x, exact, 200, new SplittableRandom(c))).as("component %d", c).isGreaterThan(0.01);
        }
        // a guided step evaluates the conditional and the unconditional score: two evaluations per step
        ExperimentParts guided = parts("score.type=oracle", "sampler.label=1", "sampler.guidance_scale=1.5");
        assertThat(guided.sampler().sample(guided.sampling(guided.score()), 10, 2, guided.streams()).nfe()).isEqualTo(400);
        assertThat(guided.sampler().sample(guided.score(), 10, 2, guided.streams()).nfe()).isEqualTo(200);
    }

    @Test
    void guidanceAddsTheScaledGradientOfTheExactLogPosteriorOfTheClass() {
        ExperimentParts parts = parts("score.type=oracle");
        GaussianMixture truth = parts.data().truth().orElseThrow();
        double t = 0.3;
        double w = 2.5;
        Marginal m = parts.sde().marginal(t);
        double[] x = {0.4, -0.7};
        double[] guided = ((ClassConditional) parts.score()).guided(1, w).score(Nd4j.createFromArray(new double[][] {x}), t).toDoubleVector();
        double[] plain = parts.score().score(Nd4j.createFromArray(new double[][] {x}), t).toDoubleVector();
        for (int i = 0; i < 2; i++) {
            double h = 1e-5;
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += h;
            down[i] -= h;
            // log p_t(c | x) = log w_c + log N_c,t(x) − log p_t(x), from the closed-form perturbed laws
            double logPosteriorUp = Math.log(truth.weight(1)) + truth.component(1).perturbed(m).logDensity(new double[][] {up})[0]
                    - truth.perturbed(m).logDensity(new double[][] {up})[0];
            double logPosteriorDown = Math.log(truth.weight(1)) + truth.component(1).perturbed(m).logDensity(new double[][] {down})[0]
                    - truth.perturbed(m).logDensity(new double[][] {down})[0];
            double gradient = (logPosteriorUp - logPosteriorDown) / (2 * h);
            assertThat(guided[i]).isCloseTo(plain[i] + (1 + w) * gradient, within(1e-6));
        }
    }

    @Test
    void aConditionalMlpTrainedWithLabelDropoutSamplesEachComponentAndTheMixture() {
        ExperimentParts parts = parts("score.conditional=true", "score.width=64", "score.depth=2", "train.steps=2000", "train.batch_size=256",
                "train.learning_rate=3e-3", "train.label_dropout=0.2");
        TrainableScore net = parts.trainable().orElseThrow();
        BatchCondition labels = Conditioning.training(net, parts.plan()).orElseThrow();
        Checkpoint done = new Trainer(parts.loss().orElseThrow(), parts.training().orElseThrow())
                .train(net, parts.data().trainingRows(), labels, parts.streams(), null, (step, loss, norm, lr) -> { });
        var trained = net.withParameters(done.ema());
        GaussianMixture truth = parts.data().truth().orElseThrow();
        for (int c = 0; c < 3; c++) {
            double[][] x = Arrays2.toMatrix(parts.sampler().sample(((ClassConditional) trained).given(c), 400, 2, parts.streams()).samples());
            double own = TwoSampleDistances.energyDistance(x, Arrays2.toMatrix(truth.component(c).sample(400, new RandomStreams(6).get("own"))));
            double other = TwoSampleDistances.energyDistance(x, Arrays2.toMatrix(truth.component((c + 1) % 3).sample(400,
                    new RandomStreams(6).get("other"))));
            assertThat(own).as("component %d: %s against the next one's %s", c, own, other).isLessThan(0.1).isLessThan(other / 20);
        }
        double[][] mixture = Arrays2.toMatrix(parts.sampler().sample(((ClassConditional) trained).unconditional(), 600, 2, parts.streams())
                .samples());
        assertThat(TwoSampleDistances.energyDistance(mixture, Arrays2.toMatrix(truth.sample(600, new RandomStreams(6).get("all"))))).isLessThan(0.1);
    }
}
