package org.langevin.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.langevin.core.ComputeThreads;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;

/**
 * One cell × seed of a sweep as a self-contained job: the arguments of its {@code langevin run}, where its log goes and
 * how to find its MLflow run again. Serializable, so that a distributed executor can ship it to another machine; the
 * paths in it must be valid there (a shared filesystem).
 *
 * @param arguments {@code run BASE --json --cell-input}, after the JVM and main class
 * @param input     the cell's --set values and tags, written to the child's standard input ({@link CellInput}): a
 *                  secret among them never shows in the process list
 */
public record CellJob(int index, String runName, List<String> arguments, String input, String configHash, String parentRunId, String experimentId,
                      String trackingUri, String home, String logFile) implements Serializable {

    /** Without its input: a job may be logged (a Spark task), and its input may hold a secret. */
    @Override
    public String toString() {
        return "CellJob[" + index + " " + runName + "]";
    }

    /** How the child process ended: its exit code and the last line it printed on stdout (the run's JSON when it finished). */
    public record Ending(int index, int exitCode, String lastLine) implements Serializable {
        /** Exit codes from 128 up mean a signal ended the process (SIGTERM 143, SIGKILL 137): the run did not end by itself. */
        public boolean killed() {
            return exitCode >= 128;
        }
    }

    /**
     * Runs {@code langevin run} in a child JVM with OMP_NUM_THREADS = threads, continuing {@code resumeRunId} when given.
     * The child exits when this process dies (LANGEVIN_EXIT_WITH_PARENT). If this thread is interrupted, the child gets
     * SIGTERM (its run ends KILLED with a checkpoint), and once it has exited its ending is returned.
     */
    public Ending launch(List<String> jvm, int threads, String resumeRunId, Map<String, String> extraEnv) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(arguments);
        if (resumeRunId != null) command.addAll(List.of("--resume", resumeRunId));
        Path log = Path.of(logFile);
        Path out = Path.of(logFile + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectOutput(out.toFile());
        builder.environment().putAll(extraEnv);
        ComputeThreads.limitChild(builder.environment(), threads);
        builder.environment().put("MLFLOW_TRACKING_URI", trackingUri);
        builder.environment().put("LANGEVIN_EXIT_WITH_PARENT", "1");
        Process child = builder.start();
        try (var stdin = child.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        try {
            child.waitFor();
        } catch (InterruptedException e) { // the sweep is stopping: the child ends KILLED and its ending is reported
            child.destroy();
            boolean exited = false;
            while (!exited) {
                try {
                    exited = child.waitFor(120, TimeUnit.SECONDS);
                } catch (InterruptedException again) {
                    // keep waiting: the child is writing its checkpoint
                }
                if (!exited) child.destroyForcibly();
            }
        }
        List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
        return new Ending(index, child.exitValue(), lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip());
    }

    /** The newest run of this job that did not finish and has a checkpoint/latest.ckpt to resume from, if any. */
    public Optional<String> resumableRun(Map<String, String> env) {
        try (Tracker tracker = TrackingSetup.connect(trackingUri, Path.of(home), env)) {
            for (RunRecord run : tracker.searchRuns(experimentId, "tags.config_hash = '" + configHash
                    + "' and tags.`mlflow.parentRunId` = '" + parentRunId + "'")) {
                String id = run.runId();
                if (!run.finished() && tracker.listArtifacts(id, "checkpoint").contains("checkpoint/latest.ckpt")) {
                    return Optional.of(id);
                }
            }
            return Optional.empty();
        }
    }
}
