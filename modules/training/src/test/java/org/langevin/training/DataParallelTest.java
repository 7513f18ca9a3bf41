package org.langevin.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStreams;
import org.langevin.losses.DenoisingScoreMatching;
import org.langevin.losses.NoiseLevels;
import org.langevin.nn.FourierMlp;
import org.langevin.score.NetworkScore;
import org.langevin.score.Parameterization;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Data-parallel training against one process: workers that average their gradients every step train as one worker on
 * the union of their batches (the same rows, noise levels and noise, by sharded streams), to float precision; workers
 * under local SGD hold the same weights after a sync, and averaging identical workers changes nothing.
 */
class DataParallelTest {
    private static final int STEPS = 40;
    private final VpSde sde = new VpSde(0.1, 20);
    private final INDArray data = GaussianMixture.of(new double[] {0.5, 0.5}, new double[][] {{1.0, -0.5}, {-1.5, 1.0}},
            new double[][][] {{{0.5, 0.2}, {0.2, 0.3}}, {{0.2, 0.0}, {0.0, 0.2}}}).sample(20_000, new RandomStreams(1).get("data"));

    private NetworkScore network() {
        RandomStreams init = new RandomStreams(9);
        FourierMlp net = new FourierMlp(2, new int[] {32, 32}, 8, 4.0, DataType.FLOAT, init.get("init"));
        return new NetworkScore(net, Parameterization.NOISE, sde, net.initialParameters(init.get("init")));
    }

    private Trainer trainer(int batch, Exchange exchange) {
        DenoisingScoreMatching dsm = new DenoisingScoreMatching(new NoiseLevels(sde, 1e-5, NoiseLevels.Weighting.SIGMA2, false));
        return new Trainer(dsm, new Trainer.Options(STEPS, batch, 3e-3, 5, 1.0, 0.99), exchange);
    }

    private Checkpoint alone(int batch, RandomStreams streams) {
        return trainer(batch, Exchange.NONE).train(network(), data, streams, null, (step, loss, norm, lr) -> { });
    }

    /** Each worker's final state, trained on threads that exchange through {@code exchange(rank)}. */
    private List<Checkpoint> workers(int n, int batch, IntFunction<RandomStreams> streams, IntFunction<Exchange> exchange) throws Exception {
        return workers(n, batch, streams, exchange, null, Integer.MAX_VALUE);
    }

    /** As above from {@code start} (null: the first step), each worker stopping after step {@code stopAt}: its state there. */
    private List<Checkpoint> workers(int n, int batch, IntFunction<RandomStreams> streams, IntFunction<Exchange> exchange, Checkpoint start,
            int stopAt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        Trainer.StepListener stopping = new Trainer.StepListener() {
            public void onStep(int step, double loss, double gradNorm, double learningRate) {}

            public boolean stopRequested(int step) {
                return step >= stopAt;
            }
        };
        try {
            List<Future<Checkpoint>> runs = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int rank = k;
                runs.add(pool.submit(() -> {
                    try {
                        return trainer(batch, exchange.apply(rank)).train(network(), data, streams.apply(rank), start, stopping);
                    } catch (TrainingStopped stopped) {
                        return stopped.checkpoint();
                    }
                }));
            }
            List<Checkpoint> out = new ArrayList<>();
            for (Future<Checkpoint> run : runs) out.add(run.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void workersAveragingGradientsTrainAsOneWorkerOnTheUnionOfTheirBatches() throws Exception {
        ThreadPeers peers = new ThreadPeers(2);
        List<Checkpoint> w = workers(2, 64, k -> new RandomStreams(3).shard(k, 2), k -> new PeriodicAveraging(peers.member(k), 1));
        Checkpoint one = alone(128, new RandomStreams(3));
        assertThat(w.get(1).parameters()).as("every worker applies the same averaged update").isEqualTo(w.get(0).parameters());
        assertThat(w.get(1).ema()).isEqualTo(w.get(0).ema());
        double scale = Transforms.abs(one.parameters()).maxNumber().doubleValue();
        double gap = Transforms.abs(w.get(0).parameters().sub(one.parameters())).maxNumber().doubleValue();
        double moved = Transforms.abs(one.parameters().sub(network().parameters())).maxNumber().doubleValue();
        assertThat(moved).as("training moved the weights").isGreaterThan(1e-2);
        assertThat(gap / scale).as("against one worker on 128 rows, %d steps", STEPS).isLessThan(1e-5);
        assertThat(Transforms.abs(w.get(0).optimizerState().sub(one.optimizerState())).maxNumber().doubleValue())
                .as("Adam's moments").isLessThan(1e-5 * Math.max(1, Transforms.abs(one.optimizerState()).maxNumber().doubleValue()));
    }

    @Test
    void localSgdWorkersHoldTheSameStateAfterASyncAndAveragingEqualsOnesChangesNothing() throws Exception {
        ThreadPeers peers = new ThreadPeers(2);
        List<Checkpoint> local = workers(2, 64, k -> new RandomStreams(3).shard(k, 2), k -> new PeriodicAveraging(peers.member(k), 10));
        assertThat(local.get(1).parameters()).as("step %d is a sync point", STEPS).isEqualTo(local.get(0).parameters());
        assertThat(local.get(1).optimizerState()).isEqualTo(local.get(0).optimizerState());
        assertThat(local.get(1).ema()).isEqualTo(local.get(0).ema());
        ThreadPeers every = new ThreadPeers(2);
        Checkpoint synchronous = workers(2, 64, k -> new RandomStreams(3).shard(k, 2), k -> new PeriodicAveraging(every.member(k), 1)).get(0);
        assertThat(local.get(0).parameters()).as("local steps between syncs are not the synchronous run").isNotEqualTo(synchronous.parameters());

        ThreadPeers twins = new ThreadPeers(2); // both workers draw the same batches: their mean is each of them
        List<Checkpoint> same = workers(2, 64, k -> new RandomStreams(3), k -> new PeriodicAveraging(twins.member(k), 10));
        Checkpoint one = alone(64, new RandomStreams(3));
        assertThat(same.get(0).parameters()).isEqualTo(one.parameters());
        assertThat(same.get(0).optimizerState()).isEqualTo(one.optimizerState());
        assertThat(same.get(0).ema()).isEqualTo(one.ema());
    }

    /** One sync of DiLoCo's outer step, by its formula: m = Δ = θ₀ − θ̄ and θ = θ₀ − η (1 + μ) Δ, θ̄ the plain average. */
    @Test
    void theOuterNesterovStepMovesFromTheStartByItsMomentumOfTheWorkersMean() throws Exception {
        ThreadPeers plainPeers = new ThreadPeers(2);
        Checkpoint plain = workers(2, 64, k -> new RandomStreams(3).shard(k, 2), k -> new PeriodicAveraging(plainPeers.member(k), STEPS)).get(0);
        ThreadPeers outerPeers = new ThreadPeers(2);
        PeriodicAveraging.Outer outer = new PeriodicAveraging.Outer(0.7, 0.9);
        Checkpoint stepped = workers(2, 64, k -> new RandomStreams(3).shard(k, 2),
                k -> new PeriodicAveraging(outerPeers.member(k), STEPS, outer)).get(0);
        INDArray start = network().parameters();
        INDArray delta = start.sub(plain.parameters());
        INDArray expected = start.sub(delta.mul(0.7 * 1.9));
        double scale = Transforms.abs(delta).maxNumber().doubleValue();
        assertThat(scale).as("local training moved the weights").isGreaterThan(1e-2);
        assertThat(Transforms.abs(stepped.parameters().sub(expected)).maxNumber().doubleValue()).isLessThan(1e-5 * scale);
        assertThat(Transforms.abs(stepped.exchange().sub(delta)).maxNumber().doubleValue()).as("m after one sync").isLessThan(1e-5 * scale);
        assertThat(stepped.ema()).as("the EMA is averaged, not stepped").isEqualTo(plain.ema());
    }

    /**
     * Two syncs of the outer step, worked out from one worker's own training: twin workers (the same batches) average to
     * each one's local result θ_L, so sync 1 gives m₁ = Δ₁ = θ₀ − θ_L1, θ₁ = θ₀ − η (Δ₁ + μ m₁); sync 2, after training
     * from θ₁, gives Δ₂ = θ₁ − θ_L2, m₂ = μ m₁ + Δ₂, θ₂ = θ₁ − η (Δ₂ + μ m₂): the momentum carried and θ_prev moved on.
     */
    @Test
    void twoOuterStepsCarryTheMomentumAndMoveTheirReferenceToTheLastSync() throws Exception {
        double eta = 0.7;
        double mu = 0.9;
        INDArray start = network().parameters();
        Checkpoint local1 = workers(1, 64, k -> new RandomStreams(3), k -> Exchange.NONE, null, 20).get(0);
        INDArray delta1 = start.sub(local1.parameters());
        INDArray theta1 = start.sub(delta1.mul(eta * (1 + mu)));
        Checkpoint from1 = new Checkpoint(20, theta1, local1.optimizerState(), local1.ema(), local1.randomStates());
        INDArray local2 = trainer(64, Exchange.NONE).train(network(), data, new RandomStreams(3), from1, (step, loss, norm, lr) -> { })
                .parameters();
        INDArray delta2 = theta1.sub(local2);
        INDArray m2 = delta1.mul(mu).add(delta2);
        INDArray theta2 = theta1.sub(delta2.add(m2.mul(mu)).mul(eta));

        ThreadPeers twins = new ThreadPeers(2);
        Checkpoint outer = workers(2, 64, k -> new RandomStreams(3), k -> new PeriodicAveraging(twins.member(k), 20,
                new PeriodicAveraging.Outer(eta, mu))).get(0);
        double scale = Transforms.abs(delta2).maxNumber().doubleValue();
        assertThat(scale).as("the second sync's local training moved the weights").isGreaterThan(1e-2);
        assertThat(Transforms.abs(outer.parameters().sub(theta2)).maxNumber().doubleValue()).as("θ₂").isLessThan(1e-5 * scale);
        assertThat(Transforms.abs(outer.exchange().sub(m2)).maxNumber().doubleValue()).as("m₂").isLessThan(1e-5 * scale);
        INDArray withoutMomentum = theta1.sub(delta2.mul(eta * (1 + mu))); // had m restarted at the second sync
        assertThat(Transforms.abs(outer.parameters().sub(withoutMomentum)).maxNumber().doubleValue()).isGreaterThan(1e-3 * scale);
    }

    /** A stop at a sync point keeps the outer momentum in the checkpoint: resumed workers end where uninterrupted ones do. */
    @Test
    void workersResumedFromASyncPointsCheckpointEndAsUninterruptedOnes() throws Exception {
        PeriodicAveraging.Outer outer = new PeriodicAveraging.Outer(0.7, 0.9);
        ThreadPeers whole = new ThreadPeers(2);
        Checkpoint uninterrupted = workers(2, 64, k -> new RandomStreams(3).shard(k, 2),
                k -> new PeriodicAveraging(whole.member(k), 10, outer)).get(0);
        ThreadPeers first = new ThreadPeers(2);
        List<Checkpoint> stopped = workers(2, 64, k -> new RandomStreams(3).shard(k, 2),
                k -> new PeriodicAveraging(first.member(k), 10, outer), null, 20);
        assertThat(stopped.get(0).step()).isEqualTo(20);
        assertThat(stopped.get(0).exchange()).isNotNull().isEqualTo(stopped.get(1).exchange());
        ThreadPeers second = new ThreadPeers(2);
        Checkpoint resumed = workers(2, 64, k -> new RandomStreams(3).shard(k, 2),
                k -> new PeriodicAveraging(second.member(k), 10, outer), stopped.get(0), Integer.MAX_VALUE).get(0);
        assertThat(resumed.parameters()).isEqualTo(uninterrupted.parameters());
        assertThat(resumed.exchange()).isEqualTo(uninterrupted.exchange());
    }

    /**
     * A worker whose loss turns non-finite between syncs stops updating and reports nothing more; at the next sync every
     * worker ends (the others without a divergence of their own), and no state it took part in reaches a listener.
     */
    @Test
    void aDivergenceBetweenSyncsEndsEveryWorkerAtTheNextSyncWithNothingAveraged() throws Exception {
        ThreadPeers peers = new ThreadPeers(2);
        List<List<Integer>> steps = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Integer>> checkpoints = List.of(new ArrayList<>(), new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                int rank = k;
                PeriodicAveraging averaging = new PeriodicAveraging(peers.member(rank), 10);
                Exchange exchange = new Exchange() { // worker 1's loss is NaN at its 13th step
                    public double gradient(int step, INDArray gradient, double loss) {
                        return rank == 1 && step == 12 ? Double.NaN : averaging.gradient(step, gradient, loss);
                    }

                    public boolean state(int step, INDArray params, INDArray adamState, INDArray ema, INDArray profiles, boolean diverged) {
                        return averaging.state(step, params, adamState, ema, profiles, diverged);
                    }
                };
                Trainer.StepListener recording = new Trainer.StepListener() {
                    public void onStep(int step, double loss, double gradNorm, double learningRate) {
                        steps.get(rank).add(step);
                    }

                    public void onCheckpoint(Checkpoint checkpoint) {
                        checkpoints.get(rank).add(checkpoint.step());
                    }
                };
                DenoisingScoreMatching dsm = new DenoisingScoreMatching(new NoiseLevels(sde, 1e-5, NoiseLevels.Weighting.SIGMA2, false));
                Trainer trainer = new Trainer(dsm, new Trainer.Options(STEPS, 64, 3e-3, 5, Trainer.LrSchedule.CONSTANT, 1.0, 0.99, 10), exchange);
                runs.add(pool.submit(() -> trainer.train(network(), data, new RandomStreams(3).shard(rank, 2), null, recording)));
            }
            assertThatThrownBy(() -> runs.get(0).get()).hasCauseInstanceOf(DivergedElsewhere.class).hasMessageContaining("before step 20");
            assertThatThrownBy(() -> runs.get(1).get()).cause().isInstanceOf(DivergenceException.class)
                    .hasMessage("non-finite loss at step 13").extracting(e -> ((DivergenceException) e).step()).isEqualTo(13);
        } finally {
            pool.shutdownNow();
        }
        assertThat(steps.get(0)).as("the other worker, up to the sync before the one that ends it").endsWith(19).doesNotContain(20);
        assertThat(steps.get(1)).as("the diverged worker, up to its last finite step").endsWith(12).doesNotContain(13, 19, 20);
        assertThat(checkpoints.get(0)).as("none at the sync of step 20").containsExactly(10);
        assertThat(checkpoints.get(1)).containsExactly(10);
    }
}
