package org.langevin.experiment.run;

import java.io.IOException;
import java.nio.file.Path;
import org.langevin.experiment.TempFolder;
import org.langevin.tracking.TrackedRun;
import org.langevin.training.Checkpoint;

/** A run's checkpoints: checkpoint/NAME.ckpt (latest, final, last_good) as artifacts of the run. */
final class RunCheckpoints {
    private RunCheckpoints() {}

    static void log(TrackedRun run, TempFolder work, Checkpoint checkpoint, String name) throws IOException {
        Path file = work.resolve(name + ".ckpt");
        checkpoint.save(file);
        run.logArtifact(file, "checkpoint/" + name + ".ckpt");
    }
}
