package org.langevin.experiment.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.MetricNames;
import org.langevin.experiment.TempFolder;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.TrackedRun;
import org.langevin.tracking.Tracker;
import org.langevin.training.Checkpoint;

/**
 * {@code train.reuse}: the final weights of a FINISHED run in the same experiment with the same training hash, at the same
 * clean commit, instead of training again. Its training metrics are copied and the tag train_reused_from names it.
 */
final class TrainReuse {
    private static final List<String> COPIED = List.of(MetricNames.TRAIN_SECONDS, MetricNames.TRAIN_STEPS_PER_S, MetricNames.FINAL_TRAIN_LOSS);

    private TrainReuse() {}

    static Optional<Checkpoint> find(Path home, ExperimentConfig config, Tracker tracker, TrackedRun run, Map<String, Double> metrics,
                                     TempFolder work, PrintStream err) throws IOException {
        String commit = Provenance.commit(home);
        if (commit.equals("unknown") || !"false".equals(Provenance.software(home).get("git_dirty"))) {
            err.println("train.reuse: the checkout has uncommitted changes, so no earlier training counts as the same; training");
            return Optional.empty();
        }
        String filter = "tags.train_hash = '" + config.trainingHash() + "' and tags.git_commit = '" + commit
                + "' and tags.git_dirty = 'false' and attributes.status = 'FINISHED'";
        Optional<RunRecord> source = tracker.searchRuns(run.experimentId(), filter).stream()
                .filter(r -> !r.runId().equals(run.runId())).findFirst();
        if (source.isEmpty()) return Optional.empty();
        String sourceId = source.get().runId();
        err.println("train.reuse: final weights of run " + sourceId + " (same training config and commit)");
        Checkpoint done = Checkpoint.load(tracker.downloadArtifact(sourceId, "checkpoint/final.ckpt", work.resolve("reused.ckpt")));
        source.get().metrics().forEach((key, value) -> {
            if (COPIED.contains(key)) metrics.put(key, value);
        });
        run.setTags(Map.of("train_reused_from", sourceId));
        return Optional.of(done);
    }
}
