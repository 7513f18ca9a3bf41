package org.langevin.experiment.run;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.Map;
import java.util.OptionalDouble;
import org.langevin.core.ConfigException;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.MetricNames;
import org.langevin.experiment.TempFolder;
import org.langevin.tracking.MetricPoint;
import org.langevin.tracking.RunLease;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;
import org.langevin.training.Checkpoint;
import org.mlflow.tracking.MlflowClientException;

/**
 * Where {@code --resume RUN_ID} continues: the run's checkpoint/latest.ckpt, after checking that the run is an unfinished
 * training run started from the same configuration, the last step whose training metrics it already logged, and the
 * training time logged with that checkpoint (empty when the run logged none: its clock then counts from the resume), and
 * the last step with an FID of train.eval_every (a pass a stop cut short logged none).
 */
record ResumePoint(Checkpoint checkpoint, long loggedUpTo, OptionalDouble trainSeconds, long fidUpTo) {

    /** The step the training clock counts from: 0, or the checkpoint's step when no time was logged with it. */
    int timedFrom() {
        return trainSeconds.isPresent() ? 0 : checkpoint.step();
    }

    static ResumePoint of(Tracker tracker, String runId, ExperimentConfig config, TempFolder work) throws IOException {
        RunRecord previous;
        try {
            previous = tracker.getRun(runId);
        } catch (MlflowClientException e) {
            throw new ConfigException("--resume", "run '" + runId + "' cannot be read from MLflow: " + e.getMessage());
        }
        try {
            RunLease.refuseIfHeld(previous); // a second --resume of a run another live process continues
        } catch (RunLease.Taken e) {
            throw new ConfigException("--resume", e.getMessage());
        }
        Map<String, String> tags = previous.tags();
        if (!"train".equals(tags.get("job"))) throw new ConfigException("--resume", "run '" + runId + "' is not a training run");
        if (previous.finished()) {
            throw new ConfigException("--resume", "run '" + runId + "' already FINISHED: nothing to resume");
        }
        if (!config.hash().equals(tags.get("config_hash")) && !config.hashAsOf(Files.readString(tracker.downloadArtifact(runId,
                "config/resolved.yaml", work.resolve("resolved.yaml")))).map(tags.get("config_hash")::equals).orElse(false)) {
            throw new ConfigException("--resume", "run '" + runId + "' was started from a different configuration (config_hash "
                    + tags.get("config_hash") + ", this one " + config.hash() + "): resume with the same file and --set values");
        }
        if (!tracker.listArtifacts(runId, "checkpoint").contains("checkpoint/latest.ckpt")) {
            throw new ConfigException("--resume", "run '" + runId + "' has no checkpoint/latest.ckpt to resume from "
                    + "(it stopped before train.checkpoint_every steps)");
        }
        Checkpoint start = Checkpoint.load(tracker.downloadArtifact(runId, "checkpoint/latest.ckpt", work.resolve("latest.ckpt")));
        // a process killed between checkpoints may have logged steps past the checkpoint: they are not logged twice
        long logged = tracker.metricHistory(runId, MetricNames.TRAIN_LOSS).stream().mapToLong(MetricPoint::step).max().orElse(0);
        // the clock logged last at the checkpoint's step belongs to it (a process that died before its upload may have logged one too)
        OptionalDouble seconds = tracker.metricHistory(runId, MetricNames.TRAIN_SECONDS_SO_FAR).stream().filter(m -> m.step() == start.step())
                .max(Comparator.comparingLong(MetricPoint::timestamp)).map(m -> OptionalDouble.of(m.value())).orElse(OptionalDouble.empty());
        long fid = tracker.metricHistory(runId, MetricNames.EVAL_FID).stream().mapToLong(MetricPoint::step).max().orElse(-1);
        return new ResumePoint(start, logged, seconds, fid);
    }
}
