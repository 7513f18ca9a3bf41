package org.langevin.training;

/** Training stopped on request (a signal) between two steps; carries the state to resume from. */
public final class TrainingStopped extends RuntimeException {
    private final transient Checkpoint checkpoint;

    public TrainingStopped(Checkpoint checkpoint) {
        super("training stopped at step " + checkpoint.step());
        this.checkpoint = checkpoint;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }
}
