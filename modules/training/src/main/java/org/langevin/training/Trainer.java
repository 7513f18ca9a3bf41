package org.langevin.training;

import java.util.Map;
import org.langevin.core.Loss;
import org.langevin.core.NativeMemory;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainableScore;
import org.langevin.core.TrainingRows;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.RampSchedule;

/**
 * Minibatch training of a score model: Adam (Kingma & Ba 2015) with linear learning-rate warm-up and optional cosine
 * decay (Loshchilov & Hutter 2017), gradient clipping by global norm, and an exponential moving average of the weights
 * (used for evaluation; its decay ramps up over the first steps). Stops with {@link DivergenceException} on a non-finite loss or gradient,
 * before the bad update is applied. Every {@code checkpointEvery} steps the listener receives a checkpoint to resume from.
 */
public final class Trainer {
    private final Loss loss;
    private final Exchange exchange;
    private final Options options;

    /** Training hyper-parameters. */
    /** @param emaStd with train.ema power, the σ_rel of each power-function EMA profile kept beside the exponential EMA (empty: none) */
    public record Options(int steps, int batchSize, double learningRate, int warmupSteps, LrSchedule lrSchedule, double gradClip,
                          double emaDecay, int checkpointEvery, double[] emaStd) {
        /** Constant learning rate after warm-up, no periodic checkpoints. */
        public Options(int steps, int batchSize, double learningRate, int warmupSteps, double gradClip, double emaDecay) {
            this(steps, batchSize, learningRate, warmupSteps, LrSchedule.CONSTANT, gradClip, emaDecay, 0);
        }

        /** Without power-function EMA profiles. */
        public Options(int steps, int batchSize, double learningRate, int warmupSteps, LrSchedule lrSchedule, double gradClip,
                       double emaDecay, int checkpointEvery) {
            this(steps, batchSize, learningRate, warmupSteps, lrSchedule, gradClip, emaDecay, checkpointEvery, new double[0]);
        }

        /** The learning rate at step k (0-based): linear warm-up over warmupSteps, then {@link LrSchedule}. */
        ISchedule schedule() {
            ISchedule base = switch (lrSchedule) {
                case CONSTANT -> new FixedSchedule(learningRate);
                case COSINE -> new CosineDecay(learningRate, steps);
                case INVERSE_SQRT -> new InverseSqrt(learningRate, Math.max(1, warmupSteps));
            };
            return new RampSchedule(base, Math.max(1, warmupSteps));
        }
    }

    /** The learning rate after warm-up. */
    public enum LrSchedule {
        /** η₀. */
        CONSTANT,
        /** ½ η₀ (1 + cos(π k / K)) (Loshchilov & Hutter 2017), 0 at the last step. */
        COSINE,
        /** η₀ / √max(k / k_ref, 1) (Karras et al. 2024, EDM2), k_ref = the warm-up steps: constant through warm-up, then ∝ 1/√k. */
        INVERSE_SQRT
    }

    /** Called after every step with the step number (1-based) and that step's figures. */
    @FunctionalInterface
    public interface StepListener {
        void onStep(int step, double loss, double gradNorm, double learningRate);

        /** Called every checkpointEvery steps, after onStep, with the state to resume from. */
        default void onCheckpoint(Checkpoint checkpoint) {}

        /**
         * Called after every onStep (and after that step's onCheckpoint) with the weights so far: raw, exponential EMA and
         * power profiles (read only, no copies, no random states): the listener previews or scores them when it is due.
         */
        default void onPreview(int step, Checkpoint weights) {}

        /** Asked after every step (1-based): true stops training with {@link TrainingStopped} carrying the state so far. */
        default boolean stopRequested(int step) {
            return false;
        }
    }

    /** η(k) = ½ η₀ (1 + cos(π k / K)). */
    private record CosineDecay(double initial, int steps) implements ISchedule {
        public double valueAt(int iteration, int epoch) {
            return 0.5 * initial * (1 + Math.cos(Math.PI * Math.min(iteration, steps) / steps));
        }

        public ISchedule clone() {
            return this;
        }
    }

    /** η(k) = η₀ / √max(k / k_ref, 1). */
    private record InverseSqrt(double initial, int reference) implements ISchedule {
        public double valueAt(int iteration, int epoch) {
            return initial / Math.sqrt(Math.max((double) iteration / reference, 1));
        }

        public ISchedule clone() {
            return this;
        }
    }

    public Trainer(Loss loss, Options options) {
        this(loss, options, Exchange.NONE);
    }

    /** A worker of a data-parallel run: it shares gradients or state with the others through {@code exchange}. */
    public Trainer(Loss loss, Options options, Exchange exchange) {
        this.loss = loss;
        this.options = options;
        this.exchange = exchange;
    }

    /** Trains the model in place and returns the final state; resumes from {@code start} when given. */
    public Checkpoint train(TrainableScore model, INDArray train, RandomStreams streams, Checkpoint start, StepListener listener) {
        return train(model, TrainingRows.of(train, null), null, streams, start, listener);
    }

    /** As {@link #train(TrainableScore, INDArray, RandomStreams, Checkpoint, StepListener)}, batches from {@code train}, each
     * conditioned by {@code condition} when given (class labels, frames given clean). */
    public Checkpoint train(TrainableScore model, TrainingRows train, BatchCondition condition, RandomStreams streams, Checkpoint start,
                            StepListener listener) {
        INDArray params = model.parameters();
        long count = params.length();
        Adam adam = new Adam(options.schedule());
        INDArray adamState = start == null ? Nd4j.zeros(params.dataType(), 1, 2 * count) : start.optimizerState().dup();
        GradientUpdater<?> updater = adam.instantiate(adamState, start == null);
        INDArray ema = start == null ? params.dup() : start.ema().dup();
        PowerEma power = new PowerEma(options.emaStd());
        INDArray profiles = power.size() == 0 ? null : start != null && start.profiles() != null ? start.profiles().dup()
                : Nd4j.zeros(params.dataType(), power.size(), count); // β(1) = 0: the first step replaces these
        int firstStep = 0;
        if (start != null) {
            params.assign(start.parameters());
            streams.restore(start.randomStates());
            firstStep = start.step();
        }
        exchange.begin(params, start == null ? null : start.exchange());
        RandomStream batches = streams.get("train/batch");
        NativeMemory.watch();
        String divergence = null; // this worker's own: why its loss or gradient turned non-finite, until the workers end together
        int divergedAt = 0;
        for (int step = firstStep; step < options.steps(); step++) {
            double lossValue;
            double norm;
            boolean diverged;
            // params, Adam state and EMA live outside the workspace and are updated in place
            try (var ws = Workspaces.loop("train-step")) {
                TrainingRows.Drawn batch = train.draw(options.batchSize(), batches);
                INDArray x0 = batch.rows().castTo(model.dataType());
                Loss.Value value = loss.evaluate(condition == null ? model : condition.bind(model, batch, x0, streams), x0, streams);
                INDArray gradient = value.gradient();
                lossValue = exchange.gradient(step, gradient, value.loss());
                norm = gradient.norm2Number().doubleValue();
                if (divergence == null && !(Double.isFinite(lossValue) && Double.isFinite(norm))) {
                    divergence = "non-finite " + (Double.isFinite(lossValue) ? "gradient norm" : "loss") + " at step " + (step + 1);
                    divergedAt = step + 1;
                }
                if (divergence == null) {
                    double clip = options.gradClip() > 0 && norm > options.gradClip() ? options.gradClip() / norm : 1.0;
                    // EMA of weights θ_ema ← d θ_ema + (1 - d) θ with d = min(decay, (1 + k)/(10 + k)): early steps do not
                    // leave the random initialisation in the average (the num_updates rule of TensorFlow's ExponentialMovingAverage)
                    double d = Math.min(options.emaDecay(), (1.0 + step) / (10.0 + step));
                    if (FusedAdamStep.applies(gradient, adamState, params, ema)) {
                        FusedAdamStep.apply(gradient, clip, adamState, params, ema, adam.getLearningRate(step, 0), step, adam.getBeta1(),
                                adam.getBeta2(), adam.getEpsilon(), d);
                    } else {
                        if (clip != 1.0) gradient.muli(clip);
                        updater.applyUpdater(gradient.reshape(1, count), step, 0);
                        params.subi(gradient);
                        ema.muli(d).addi(params.mul(1.0 - d));
                    }
                    if (profiles != null) power.update(profiles, params, step + 1);
                }
                diverged = exchange.state(step + 1, params, adamState, ema, profiles, divergence != null);
            }
            if (diverged && divergence == null) throw new DivergedElsewhere(step + 1);
            if (diverged) throw new DivergenceException(divergedAt, divergence, snapshot(step, params, adamState, ema, profiles, streams));
            if (divergence != null) continue; // on to the sync point that tells the other workers; nothing of this worker is reported
            listener.onStep(step + 1, lossValue, norm, adam.getLearningRate(step, 0));
            // the checkpoint before the step's previews: a stop during a long pass still finds this step saved
            if (options.checkpointEvery() > 0 && (step + 1) % options.checkpointEvery() == 0 && step + 1 < options.steps()) {
                listener.onCheckpoint(snapshot(step + 1, params, adamState, ema, profiles, streams));
            }
            listener.onPreview(step + 1, new Checkpoint(step + 1, params, adamState, ema, Map.of(), profiles));
            if (step + 1 < options.steps() && listener.stopRequested(step + 1)) {
                throw new TrainingStopped(snapshot(step + 1, params, adamState, ema, profiles, streams));
            }
        }
        return snapshot(options.steps(), params, adamState, ema, profiles, streams);
    }

    /** The state before the first step from these weights, as a fresh start has it: zero Adam moments, the EMA at the weights. */
    public static Checkpoint initialState(INDArray params) {
        return new Checkpoint(0, params.dup(), Nd4j.zeros(params.dataType(), 1, 2 * params.length()), params.dup(), Map.of());
    }

    /** A copy of the training state after {@code step} steps. */
    private Checkpoint snapshot(int step, INDArray params, INDArray adamState, INDArray ema, INDArray profiles, RandomStreams streams) {
        return new Checkpoint(step, params.dup(), adamState.dup(), ema.dup(), streams.states(), profiles == null ? null : profiles.dup(),
                exchange.saved());
    }
}
