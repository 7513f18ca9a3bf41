package org.langevin.experiment.run;

import java.io.PrintStream;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.langevin.tracking.TrackedRun;
import org.langevin.training.workers.Workers;

/**
 * What a run trained on workers logs of them: workers/RANK/steps_per_s and workers/RANK/exchange_seconds by step, and a
 * restart after a lost worker as the tags workers_restarts and workers_resumed_step, said on stderr.
 */
record WorkerFigures(TrackedRun run, ProgressBar bar, PrintStream err) implements Workers.Observer {
    @Override
    public void worker(int rank, int step, double stepsPerSecond, double exchangeSeconds) {
        run.logMetric("workers/" + rank + "/steps_per_s", stepsPerSecond, step);
        run.logMetric("workers/" + rank + "/exchange_seconds", exchangeSeconds, step);
    }

    @Override
    public void restarted(int attempt, int step) {
        run.setTags(Map.of("workers_restarts", String.valueOf(attempt), "workers_resumed_step", String.valueOf(step)));
        err.println(System.lineSeparator() + "a worker was lost: Spark runs the workers again (attempt " + (attempt + 1)
                + "), every one from step " + step + ", the last checkpoint");
        bar.stepTo(step);
    }
}
