package org.langevin.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Loss;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.TrainableScore;
import org.langevin.losses.DenoisingScoreMatching;
import org.langevin.losses.ExactScoreMatching;
import org.langevin.losses.FlowMatching;
import org.langevin.losses.KernelSteinDiscrepancy;
import org.langevin.losses.NoiseLevels;
import org.langevin.losses.SlicedScoreMatching;
import org.langevin.nn.Activation;
import org.langevin.nn.FourierMlp;
import org.langevin.score.EnergyReadout;
import org.langevin.score.EnergyScore;
import org.langevin.score.NetworkScore;
import org.langevin.score.OracleScore;
import org.langevin.score.Parameterization;
import org.langevin.sde.InterpolantSde;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LossTrainingTest {
    private final VpSde sde = new VpSde(0.1, 20);
    private final GaussianMixture gaussian = GaussianMixture.of(new double[] {1}, new double[][] {{1.0, -0.5}},
            new double[][][] {{{0.5, 0.2}, {0.2, 0.3}}});

    private DenoisingScoreMatching dsm() {
        return new DenoisingScoreMatching(new NoiseLevels(sde, 1e-5, NoiseLevels.Weighting.SIGMA2, false));
    }

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
        assertDsmLearnsTheGaussianScore(network(streams, DataType.FLOAT), streams);
    }

    /** An energy network trained by DSM learns the exact score of a Gaussian too: the second-order pass trains it. */
    @Test
    void trainingAnEnergyByDsmLearnsTheExactScoreOfAGaussian() {
        RandomStreams streams = new RandomStreams(5);
        FourierMlp net = new FourierMlp(2, new int[] {64, 64}, 16, 4.0, 0, 1, Activation.SILU, false, DataType.FLOAT, streams.get("init"));
        INDArray params = net.initialParameters(streams.get("init"));
        assertDsmLearnsTheGaussianScore(new EnergyScore(net, EnergyReadout.SCALAR, Parameterization.NOISE, sde, params), streams);
    }

    /** 1,500 DSM steps take the relative Fisher divergence from above 0.5 to below 0.05 at t = 0.1, 0.3 and 0.7. */
    private void assertDsmLearnsTheGaussianScore(TrainableScore model, RandomStreams streams) {
        INDArray data = gaussian.sample(20_000, streams.get("data"));
        double before = relativeFisher(model, 0.3, streams);
        Checkpoint end = new Trainer(dsm(), new Trainer.Options(1500, 256, 3e-3, 50, 1.0, 0.99)).train(model, data, streams, null, (step,
                loss, norm, lr) -> {});
        ScoreModel ema = model.withParameters(end.ema());
        for (double t : new double[] {0.1, 0.3, 0.7}) {
            assertThat(relativeFisher(ema, t, streams)).as("t = %s", t).isLessThan(0.05);
        }
        assertThat(before).isGreaterThan(0.5);
    }

    /** Flow matching under rectified flow lowers the velocity loss on held-out data (same t and z before and after). */
    @Test
    void flowMatchingLowersAHeldOutVelocityLoss() {
        RandomStreams streams = new RandomStreams(9);
        InterpolantSde.RectifiedFlow flow = new InterpolantSde.RectifiedFlow(0.999);
        FourierMlp net = new FourierMlp(2, new int[] {64, 64}, 16, 4.0, DataType.FLOAT, streams.get("init"));
        NetworkScore model = new NetworkScore(net, Parameterization.flow(flow), flow, net.initialParameters(streams.get("init")));
        FlowMatching loss = new FlowMatching(new NoiseLevels(flow, 1e-3, NoiseLevels.Weighting.UNIFORM, false), false, 0);
        INDArray heldOut = gaussian.sample(2000, new RandomStreams(10).get("held-out"));
        double before = loss.evaluate(model, heldOut, new RandomStreams(11)).loss();
        Checkpoint end = new Trainer(loss, new Trainer.Options(800, 256, 3e-3, 50, 1.0, 0.99))
                .train(model, gaussian.sample(20_000, streams.get("data")), streams, null, (step, l, norm, lr) -> {});
        double after = loss.evaluate(model.withParameters(end.ema()), heldOut, new RandomStreams(11)).loss();
        assertThat(after).isLessThan(0.5 * before);
    }

    static Stream<Arguments> losses() {
        VpSde vp = new VpSde(0.1, 20);
        NoiseLevels sigma2 = new NoiseLevels(vp, 1e-3, NoiseLevels.Weighting.SIGMA2, false);
        NoiseLevels likelihood = new NoiseLevels(vp, 1e-3, NoiseLevels.Weighting.LIKELIHOOD, true);
        return Stream.of(
                Arguments.of("dsm", new DenoisingScoreMatching(sigma2)),
                Arguments.of("dsm likelihood importance", new DenoisingScoreMatching(likelihood)),
                Arguments.of("ssm", new SlicedScoreMatching(sigma2, 2, SlicedScoreMatching.Projection.GAUSSIAN, false, 0.01)),
                Arguments.of("ssm_vr", new SlicedScoreMatching(likelihood, 1, SlicedScoreMatching.Projection.SPHERE, true, 0.01)),
                Arguments.of("esm", new ExactScoreMatching(sigma2)),
                Arguments.of("ksd imq", new KernelSteinDiscrepancy(sigma2, KernelSteinDiscrepancy.Kernel.IMQ,
                        new KernelSteinDiscrepancy.Bandwidth.Median(), 4)),
                Arguments.of("ksd rbf", new KernelSteinDiscrepancy(sigma2, KernelSteinDiscrepancy.Kernel.RBF,
                        new KernelSteinDiscrepancy.Bandwidth.Fixed(0.7), 4)),
                Arguments.of("ksd rbf, nearest-neighbour bandwidth", new KernelSteinDiscrepancy(sigma2, KernelSteinDiscrepancy.Kernel.RBF,
                        new KernelSteinDiscrepancy.Bandwidth.Neighbours(3), 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void lossGradientMatchesFiniteDifferencesOfTheLoss(String name, Loss loss) {
        NetworkScore model = network(new RandomStreams(6), DataType.DOUBLE);
        INDArray x0 = gaussian.sample(64, new RandomStreams(6).get("x"));
        INDArray grad = loss.evaluate(model, x0, new RandomStreams(7)).gradient();
        INDArray p = model.parameters();
        double h = 1e-6;
        for (long i = 0; i < p.length(); i += 97) {
            double v = p.getDouble(i);
            p.putScalar(i, v + h);
            double plus = loss.evaluate(model, x0, new RandomStreams(7)).loss(); // same t, z and v: same stream seed
            p.putScalar(i, v - h);
            double minus = loss.evaluate(model, x0, new RandomStreams(7)).loss();
            p.putScalar(i, v);
            assertThat(grad.getDouble(i)).as("parameter %d", i).isCloseTo((plus - minus) / (2 * h), within(1e-5 * Math.max(1,
                    Math.abs(grad.getDouble(i)))));
        }
    }

    /** Pang et al. (2020): the central difference vᵀ(s(x+hv) - s(x-hv))/2h converges to vᵀ (∂s/∂x) v at order h². */
    @Test
    void finiteDifferenceDirectionalDerivativeMatchesTheExactJacobianVectorProduct() {
        RandomStreams streams = new RandomStreams(14);
        FourierMlp net = new FourierMlp(2, new int[] {32, 32}, 16, 4.0, DataType.DOUBLE, streams.get("init"));
        INDArray params = net.initialParameters(streams.get("init"));
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 200, 2);
        INDArray t = streams.get("t").uniform(DataType.DOUBLE, 0.05, 1, 200, 1);
        INDArray v = SlicedScoreMatching.Projection.RADEMACHER.draw(streams.get("v"), DataType.DOUBLE, 200, 2);
        INDArray exact = net.forward(params, x, t, v).outputTangent().mul(v).sum(1); // vᵀ J v, forward mode
        double previous = Double.NaN;
        for (double h : new double[] {0.04, 0.02, 0.01}) {
            INDArray plus = net.forward(params, x.add(v.mul(h)), t).output();
            INDArray minus = net.forward(params, x.sub(v.mul(h)), t).output();
            INDArray fd = plus.sub(minus).muli(v).sum(1).divi(2 * h);
            double error = fd.sub(exact).amaxNumber().doubleValue();
            assertThat(error).as("h = %s", h).isLessThan(1e-2 * exact.amaxNumber().doubleValue());
            if (!Double.isNaN(previous)) assertThat(previous / error).as("error ratio when h halves").isBetween(3.5, 4.5);
            previous = error;
        }
    }

    @Test
    void aResumedRunEndsWhereAnUninterruptedOneEnds(@TempDir Path dir) throws Exception {
        INDArray data = gaussian.sample(5000, new RandomStreams(8).get("data"));
        Trainer.Options full = new Trainer.Options(60, 64, 1e-3, 10, 1.0, 0.9);
        NetworkScore a = network(new RandomStreams(8), DataType.FLOAT);
        Checkpoint straight = new Trainer(dsm(), full).train(a, data, new RandomStreams(8), null, (s, l, n, lr) -> {});

        NetworkScore b = network(new RandomStreams(8), DataType.FLOAT);
        RandomStreams streams = new RandomStreams(8);
        Checkpoint half = new Trainer(dsm(), new Trainer.Options(30, 64, 1e-3, 10, 1.0, 0.9))
                .train(b, data, streams, null, (s, l, n, lr) -> {});
        Path file = dir.resolve("half.ckpt");
        half.save(file);
        assertThat(Files.size(file)).isPositive();
        NetworkScore c = network(new RandomStreams(8), DataType.FLOAT);
        Checkpoint resumed = new Trainer(dsm(), full).train(c, data, new RandomStreams(8), Checkpoint.load(file), (s, l, n, lr) -> {});
        assertThat(resumed.parameters()).isEqualTo(straight.parameters());
        assertThat(resumed.ema()).isEqualTo(straight.ema());
    }

    @Test
    void divergenceStopsBeforeTheBadUpdate() {
        NetworkScore model = network(new RandomStreams(9), DataType.FLOAT);
        INDArray data = gaussian.sample(1000, new RandomStreams(9).get("data"));
        data.putScalar(0, 0, Double.NaN);
        for (int i = 1; i < 1000; i++) data.putScalar(i, 0, Double.NaN);
        Trainer trainer = new Trainer(dsm(), new Trainer.Options(10, 32, 1e-3, 1, 1.0, 0.9));
        INDArray before = model.parameters().dup();
        Assertions.assertThatThrownBy(() -> trainer.train(model, data, new RandomStreams(9), null, (s, l, n, lr) -> {}))
                .isInstanceOfSatisfying(DivergenceException.class, e -> {
                    assertThat(e.step()).isEqualTo(1);
                    assertThat(e.lastGood().parameters()).isEqualTo(before);
                });
    }
}
