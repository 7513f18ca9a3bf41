package org.langevin.experiment.run;

import org.langevin.core.TrainableScore;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.training.Checkpoint;

/**
 * The weights training's previews and FID passes sample from: those the run would evaluate if it ended at that step
 * ({@link EmaChoice}: with train.ema power the candidate of lowest held-out loss, else the exponential EMA). Choosing is
 * not training time: it keeps the time it took.
 */
final class PassWeights {
    private final ExperimentParts parts;
    private long nanos;

    PassWeights(ExperimentParts parts) {
        this.parts = parts;
    }

    EmaChoice.Choice at(TrainableScore net, Checkpoint state) {
        long start = System.nanoTime();
        try {
            return EmaChoice.choose(parts, net, state);
        } finally {
            nanos += System.nanoTime() - start;
        }
    }

    /** The time all choices so far took, in nanoseconds. */
    long nanos() {
        return nanos;
    }
}
