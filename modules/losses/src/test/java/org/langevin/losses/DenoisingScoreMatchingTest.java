package org.langevin.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.score.FourierMlp;
import org.langevin.score.NetworkScore;
import org.langevin.score.OracleScore;
import org.langevin.score.Parameterization;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DenoisingScoreMatchingTest {
    private final VpSde sde = new VpSde(0.1, 20);
    private final GaussianMixture gaussian = GaussianMixture.of(new double[] {1}, new double[][] {{1.0, -0.5}},
            new double[][][] {{{0.5, 0.2}, {0.2, 0.3}}});

    private NetworkScore network(RandomStreams streams, DataType type) {
        FourierMlp net = new FourierMlp(2, new int[] {64, 64}, 16, 4.0, type, streams.get("init"));
        return new NetworkScore(net, Parameterization.NOISE, sde, net.initialParameters(streams.get("init")));
    }

    /** Relative Fisher divergence E‖s - s*‖² / E‖s*‖² on points of p_t. */
    private double relativeFisher(ScoreModel model, double t, RandomStreams streams) {
        OracleScore oracle = new OracleScore(gaussian, sde);
        INDArray x = oracle.marginal(t).sample(2000, streams.get("eval"));
        INDArray exact = oracle.score(x, t);
        INDArray diff = model.score(x, t).sub(exact);
        return diff.mul(diff).sumNumber().doubleValue() / exact.mul(exact).sumNumber().doubleValue();
    }

    @Test
    void trainingByDsmLearnsTheExactScoreOfAGaussian() {
        RandomStreams streams = new RandomStreams(5);
        NetworkScore model = network(streams, DataType.FLOAT);
        INDArray data = gaussian.sample(20_000, streams.get("data"));
        double before = relativeFisher(model, 0.3, streams);
        Trainer trainer = new Trainer(new DenoisingScoreMatching(sde, 1e-5), new Trainer.Options(1500, 256, 3e-3, 50, 1.0, 0.99));
        Checkpoint end = trainer.train(model, data, streams, null, (step, loss, norm, lr) -> {});
        ScoreModel ema = model.withParameters(end.ema());
        for (double t : new double[] {0.1, 0.3, 0.7}) {
            assertThat(relativeFisher(ema, t, streams)).as("t = %s", t).isLessThan(0.05);
        }
        assertThat(before).isGreaterThan(0.5);
    }

    @Test
    void lossGradientMatchesFiniteDifferencesOfTheLoss() {
        NetworkScore model = network(new RandomStreams(6), DataType.DOUBLE);
        INDArray x0 = gaussian.sample(64, new RandomStreams(6).get("x"));
        DenoisingScoreMatching dsm = new DenoisingScoreMatching(sde, 1e-5);
        INDArray grad = dsm.evaluate(model, x0, new RandomStreams(7)).gradient();
        INDArray p = model.parameters();
        double h = 1e-6;
        for (long i = 0; i < p.length(); i += 97) {
            double v = p.getDouble(i);
            p.putScalar(i, v + h);
            double plus = dsm.evaluate(model, x0, new RandomStreams(7)).loss(); // same t and z: same stream seed
            p.putScalar(i, v - h);
            double minus = dsm.evaluate(model, x0, new RandomStreams(7)).loss();
            p.putScalar(i, v);
            assertThat(grad.getDouble(i)).isCloseTo((plus - minus) / (2 * h), within(1e-5 * Math.max(1, Math.abs(grad.getDouble(i)))));
        }
    }

    @Test
    void aResumedRunEndsWhereAnUninterruptedOneEnds(@TempDir Path dir) throws Exception {
        INDArray data = gaussian.sample(5000, new RandomStreams(8).get("data"));
        Trainer.Options full = new Trainer.Options(60, 64, 1e-3, 10, 1.0, 0.9);
        NetworkScore a = network(new RandomStreams(8), DataType.FLOAT);
        Checkpoint straight = new Trainer(new DenoisingScoreMatching(sde, 1e-5), full).train(a, data, new RandomStreams(8), null, (s, l, n, lr) -> {});

        NetworkScore b = network(new RandomStreams(8), DataType.FLOAT);
        RandomStreams streams = new RandomStreams(8);
        Checkpoint half = new Trainer(new DenoisingScoreMatching(sde, 1e-5), new Trainer.Options(30, 64, 1e-3, 10, 1.0, 0.9))
                .train(b, data, streams, null, (s, l, n, lr) -> {});
        Path file = dir.resolve("half.ckpt");
        half.save(file);
        assertThat(Files.size(file)).isPositive();
        NetworkScore c = network(new RandomStreams(8), DataType.FLOAT);
        Checkpoint resumed = new Trainer(new DenoisingScoreMatching(sde, 1e-5), full).train(c, data, new RandomStreams(8), Checkpoint.load(file), (s, l, n, lr) -> {});
        assertThat(resumed.parameters()).isEqualTo(straight.parameters());
        assertThat(resumed.ema()).isEqualTo(straight.ema());
    }

    @Test
    void divergenceStopsBeforeTheBadUpdate() {
        NetworkScore model = network(new RandomStreams(9), DataType.FLOAT);
        INDArray data = gaussian.sample(1000, new RandomStreams(9).get("data"));
        data.putScalar(0, 0, Double.NaN);
        for (int i = 1; i < 1000; i++) data.putScalar(i, 0, Double.NaN);
        Trainer trainer = new Trainer(new DenoisingScoreMatching(sde, 1e-5), new Trainer.Options(10, 32, 1e-3, 1, 1.0, 0.9));
        INDArray before = model.parameters().dup();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trainer.train(model, data, new RandomStreams(9), null, (s, l, n, lr) -> {}))
                .isInstanceOfSatisfying(DivergenceException.class, e -> {
                    assertThat(e.step()).isEqualTo(1);
                    assertThat(e.lastGood().parameters()).isEqualTo(before);
                });
    }
}
