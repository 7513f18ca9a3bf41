package org.langevin.training;

/** Training produced NaN or infinity; carries the step, the reason and the last good state. */
public final class DivergenceException extends RuntimeException {
    private final int step;
    private final transient Checkpoint lastGood;

    public DivergenceException(int step, String reason, Checkpoint lastGood) {
        super(reason);
        this.step = step;
        this.lastGood = lastGood;
    }

    public int step() {
        return step;
    }

    public Checkpoint lastGood() {
        return lastGood;
    }
}
