package org.langevin.experiment;

/** A run that ended FAILED for a reason already recorded in MLflow; reported as one line, exit code 1. */
public final class RunFailedException extends RuntimeException {
    RunFailedException(String message) {
        super(message);
    }
}
