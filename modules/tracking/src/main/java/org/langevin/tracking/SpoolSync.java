package org.langevin.tracking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

/**
 * Sending every spooled run to the tracker's server, oldest operation first (runs started offline are created). A replay
 * the server cannot take now stays spooled for the next sync; one it refuses (HTTP 4xx: it would refuse it again) ends
 * that run FAILED, tagged {@value #REFUSED} with the refusal, and its folder moves to {@code <spool>-refused}, so that it
 * neither blocks every later sync nor passes for a whole copy.
 */
public final class SpoolSync {
    /** The tag of a run whose replay the server refused; the text is the refusal. */
    public static final String REFUSED = "sync_refused";

    /** What a sync sent, and the runs the server refused (id: why, and where their operations are kept). */
    public record Result(int runs, int operations, List<String> runIds, List<String> refused) {}

    private SpoolSync() {}

    static Result send(Tracker tracker) {
        int runs = 0;
        int operations = 0;
        List<String> runIds = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Spool spool : Spool.all(tracker.spoolRoot())) {
            if (spool.header() == null) continue;
            TrackedRun run = TrackedRun.fromSpool(tracker, spool);
            try {
                operations += run.replay();
            } catch (RunOperations.ServerUnavailable e) {
                throw new TrackingException("the MLflow server at " + tracker.uri() + " stopped answering during sync (" + e.getMessage()
                        + "); " + operations + " operations were sent, the rest stay in " + tracker.spoolRoot() + ": run sync again");
            } catch (MlflowHttpException e) {
                refused.add(run.runId() + ": " + refuse(tracker, run.runId(), spool, ServerAnswer.of(e)));
                continue;
            }
            runIds.add(run.runId());
            runs++;
        }
        return new Result(runs, operations, runIds, refused);
    }

    private static String refuse(Tracker tracker, String runId, Spool spool, ServerAnswer answer) {
        Path root = tracker.spoolRoot();
        Path kept = root.resolveSibling(root.getFileName() + "-refused").resolve(spool.dir().getFileName());
        try {
            tracker.client().setTag(runId, REFUSED, answer.line());
            tracker.client().setTerminated(runId, Service.RunStatus.FAILED);
        } catch (MlflowClientException e) {
            // the run stays as the server has it; its folder still moves, and the returned line says why
        }
        try {
            Files.createDirectories(kept.getParent());
            Files.move(spool.dir(), kept);
        } catch (IOException e) {
            throw new TrackingException("could not move the refused run's folder " + spool.dir() + " to " + kept + ": " + e.getMessage(), e);
        }
        return answer.line() + "; its operations are kept in " + kept;
    }
}
