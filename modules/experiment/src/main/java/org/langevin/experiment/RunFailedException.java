package org.langevin.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.langevin.core.ConfigException;
import org.langevin.core.MachineMemory;
import org.langevin.tracking.TrackingException;
import org.mlflow.tracking.MlflowClientException;

/**
 * A run that ended FAILED or KILLED for a reason already recorded in MLflow; reported as one line (and with --json as
 * a result line with the run's id and status), exit code 1.
 */
public final class RunFailedException extends RuntimeException {
    private final String runId;
    private final String status;

    public RunFailedException(String message, String runId, String status) {
        this(message, runId, status, null);
    }

    /** An ending caused by an error after the run existed: a check that came too late, or a defect (its trace is kept). */
    public RunFailedException(String message, String runId, String status, Throwable cause) {
        super(message, cause);
        this.runId = runId;
        this.status = status;
    }

    /** True when the cause is a defect rather than a bad value or a missing resource: its stack trace is worth showing. */
    public boolean unexpected() {
        Throwable c = getCause();
        return c != null && !(c instanceof ConfigException) && !(c instanceof IOException) && !(c instanceof UncheckedIOException)
                && !(c instanceof TrackingException) && !(c instanceof MlflowClientException)
                && !MachineMemory.allocationFailed(c);
    }

    /** A run that ended so (a sweep's parent run, say), reported by the command that ran it. */
    public static RunFailedException ended(String message, String runId, String status) {
        return new RunFailedException(message, runId, status);
    }

    /** A command without a run of its own that could not finish (its output would hold NaN, say): FAILED, no run id. */
    public static RunFailedException withoutRun(String message) {
        return new RunFailedException(message, null, "FAILED");
    }

    /** The same ending, told with another message (a command line adds how to continue the run). */
    public RunFailedException withMessage(String message) {
        return new RunFailedException(message, runId, status, getCause());
    }

    public String runId() {
        return runId;
    }

    /** FAILED or KILLED. */
    public String status() {
        return status;
    }
}
