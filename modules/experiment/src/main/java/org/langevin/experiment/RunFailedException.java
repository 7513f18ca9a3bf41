package org.langevin.experiment;

/**
 * A run that ended FAILED or KILLED for a reason already recorded in MLflow; reported as one line (and with --json as
 * a result line with the run's id and status), exit code 1.
 */
public final class RunFailedException extends RuntimeException {
    private final String runId;
    private final String status;

    RunFailedException(String message, String runId, String status) {
        super(message);
        this.runId = runId;
        this.status = status;
    }

    /** The same ending, told with another message (a command line adds how to continue the run). */
    public RunFailedException withMessage(String message) {
        return new RunFailedException(message, runId, status);
    }

    public String runId() {
        return runId;
    }

    /** FAILED or KILLED. */
    public String status() {
        return status;
    }
}
