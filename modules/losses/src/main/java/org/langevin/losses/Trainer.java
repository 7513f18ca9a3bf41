package org.langevin.losses;

import org.langevin.core.Arrays2;
import org.langevin.core.Loss;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainableScore;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.RampSchedule;

/**
 * Minibatch training of a score model: Adam (Kingma & Ba 2015) with linear learning-rate warm-up, gradient clipping
 * by global norm, and an exponential moving average of the weights (used for evaluation). Stops with
 * {@link DivergenceException} on a non-finite loss or gradient, before the bad update is applied.
 */
public final class Trainer {
    private final Loss loss;
    private final Options options;

    /** Training hyper-parameters. */
    public record Options(int steps, int batchSize, double learningRate, int warmupSteps, double gradClip, double emaDecay) {}

    /** Called after every step with the step number (1-based) and that step's figures. */
    @FunctionalInterface
    public interface StepListener {
        void onStep(int step, double loss, double gradNorm, double learningRate);
    }

    public Trainer(Loss loss, Options options) {
        this.loss = loss;
        this.options = options;
    }

    /** Trains the model in place and returns the final state; resumes from {@code start} when given. */
    public Checkpoint train(TrainableScore model, INDArray train, RandomStreams streams, Checkpoint start, StepListener listener) {
        INDArray params = model.parameters();
        long count = params.length();
        Adam adam = new Adam(new RampSchedule(new FixedSchedule(options.learningRate()), Math.max(1, options.warmupSteps())));
        INDArray adamState = start == null ? org.nd4j.linalg.factory.Nd4j.zeros(params.dataType(), 1, 2 * count) : start.optimizerState().dup();
        GradientUpdater<?> updater = adam.instantiate(adamState, start == null);
        INDArray ema = start == null ? params.dup() : start.ema().dup();
        int firstStep = 0;
        if (start != null) {
            params.assign(start.parameters());
            streams.restore(start.randomStates());
            firstStep = start.step();
        }
        INDArray data = train.castTo(model.dataType());
        RandomStream batches = streams.get("train/batch");
        for (int step = firstStep; step < options.steps(); step++) {
            double lossValue;
            double norm;
            // params, Adam state and EMA live outside the workspace and are updated in place
            try (var ws = Workspaces.loop("train-step")) {
                INDArray x0 = Arrays2.rows(data, batches.integers(options.batchSize(), (int) data.rows()));
                Loss.Value value = loss.evaluate(model, x0, streams);
                INDArray gradient = value.gradient();
                lossValue = value.loss();
                norm = gradient.norm2Number().doubleValue();
                if (Double.isFinite(lossValue) && Double.isFinite(norm)) {
                    if (options.gradClip() > 0 && norm > options.gradClip()) gradient.muli(options.gradClip() / norm);
                    updater.applyUpdater(gradient.reshape(1, count), step, 0);
                    params.subi(gradient);
                    // EMA of weights: θ_ema ← d θ_ema + (1 - d) θ
                    ema.muli(options.emaDecay()).addi(params.mul(1.0 - options.emaDecay()));
                }
            }
            if (!Double.isFinite(lossValue) || !Double.isFinite(norm)) {
                throw new DivergenceException(step + 1, "non-finite " + (Double.isFinite(lossValue) ? "gradient norm" : "loss")
                        + " at step " + (step + 1), new Checkpoint(step, params.dup(), adamState.dup(), ema.dup(), streams.states()));
            }
            listener.onStep(step + 1, lossValue, norm, adam.getLearningRate(step, 0));
        }
        return new Checkpoint(options.steps(), params.dup(), adamState.dup(), ema.dup(), streams.states());
    }
}
