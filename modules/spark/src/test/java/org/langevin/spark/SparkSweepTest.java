package org.langevin.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.experiment.run.Sweep;
import org.langevin.experiment.run.SweepFile;
import org.langevin.experiment.TestHome;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.Timings;
import org.langevin.reports.ExperimentReport;
import org.langevin.sweep.SweepExecutors;
import org.langevin.tracking.MetricPoint;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;

/**
 * A sweep on Spark in local[2] mode against the real MLflow server: every cell FINISHED once; a task killed through
 * Spark mid-run is retried and its retry resumes the run from its checkpoint to the metrics of an uninterrupted run;
 * the report equals the one of the same sweep on the local executor.
 */
class SparkSweepTest {
    /** Task ids by partition (= the sweep's job position), recorded as Spark starts them. */
    public static final class TaskStarts extends SparkListener {
        static final Map<Integer, Long> TASKS = new ConcurrentHashMap<>();

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            if (start.taskInfo().attemptNumber() == 0) TASKS.put(start.taskInfo().partitionId(), start.taskInfo().taskId());
        }
    }

    @AfterEach
    void clear() {
        System.clearProperty("spark.extraListeners");
        TaskStarts.TASKS.clear();
    }

    private static Path sweepFile(Path dir, String name) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                base: %s
                set: {train.steps: 600, train.log_every: 50, train.checkpoint_every: 100, sampler.steps: 30, sampler.n_samples: 200,
                      likelihood.n_points: 50}
                grid:
                  train.learning_rate: [2.0e-3, 1.0e-3]
                seeds: [1]
                """.formatted(name, TestHome.experiment("quickstart.yaml")));
    }

    private static Map<String, Double> finalMetrics(RunRecord run) {
        return Timings.withoutTimings(run.finalMetrics());
    }

    /** The sweep on the named executor, two runs at a time, as {@code langevin sweep FILE --executor NAME --parallel 2} runs it. */
    private static Sweep.Summary sweep(Path file, String executor) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOW_TRACKING_URI", TestServer.uri());
        return new Sweep(TestHome.path(), System.err, env).run(SweepFile.load(file), SweepExecutors.named(executor, null, TestHome.path()),
                2, null, o -> {});
    }

    @Test
    void aSparkSweepFinishesEveryCellOnceResumesAKilledTaskAndReportsLikeTheLocalExecutor(@TempDir Path dir) throws Exception {
        String stamp = String.valueOf(System.currentTimeMillis());
        String onSpark = "spark-sweep-" + stamp;
        String onLocal = "local-sweep-" + stamp;

        // kill the first cell's task once its run has logged a checkpoint
        System.setProperty("spark.extraListeners", TaskStarts.class.getName());
        Thread killer = new Thread(() -> {
            try (Tracker tracker = TestServer.connect()) {
                String experimentId = null;
                while (true) {
                    TimeUnit.MILLISECONDS.sleep(200);
                    if (experimentId == null) experimentId = tracker.findExperiment(onSpark).orElse(null);
                    if (experimentId == null || !TaskStarts.TASKS.containsKey(0)) continue;
                    List<RunRecord> runs = tracker.searchRuns(experimentId, "tags.`sweep.cell` = 'train.learning_rate=0.002'");
                    if (!runs.isEmpty() && tracker.listArtifacts(runs.get(0).runId(), "checkpoint").contains("checkpoint/latest.ckpt")) {
                        SparkContext.getOrCreate().killTaskAttempt(TaskStarts.TASKS.get(0), true, "killed by the test at a checkpoint");
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.setDaemon(true);
        killer.start();
        Sweep.Summary spark = sweep(sweepFile(dir, onSpark), "spark");
        assertThat(spark.failed()).isEmpty();
        killer.join(1000);
        assertThat(killer.isAlive()).as("the test never found a checkpoint to kill the task at").isFalse();

        assertThat(sweep(sweepFile(dir, onLocal), "local").failed()).isEmpty();

        try (Tracker tracker = TestServer.connect()) {
            Map<String, RunRecord> sparkRuns = new HashMap<>();
            for (RunRecord r : tracker.searchRuns(tracker.findExperiment(onSpark).orElseThrow(), "tags.job != 'sweep'")) {
                sparkRuns.put(r.tags().get("sweep.cell"), r);
            }
            // every cell has exactly one run, FINISHED: the killed attempt's run was resumed, not started again
            assertThat(sparkRuns).hasSize(2);
            assertThat(sparkRuns.values()).allSatisfy(r -> assertThat(r.status()).isEqualTo("FINISHED"));
            RunRecord killed = sparkRuns.get("train.learning_rate=0.002");
            assertThat(killed.tags()).containsKey("stopped_step"); // the first attempt was stopped, the retry resumed the same run
            int stoppedAt = Integer.parseInt(killed.tags().get("stopped_step"));
            assertThat(stoppedAt).isBetween(100, 599);

            Map<String, RunRecord> localRuns = new HashMap<>();
            for (RunRecord r : tracker.searchRuns(tracker.findExperiment(onLocal).orElseThrow(), "tags.job != 'sweep'")) {
                localRuns.put(r.tags().get("sweep.cell"), r);
            }
            // each training step logged once across both attempts, as many as the uninterrupted run logged
            List<Long> steps = tracker.metricHistory(killed.runId(), "train/loss").stream().map(MetricPoint::step).sorted().toList();
            assertThat(steps).doesNotHaveDuplicates().endsWith(600L)
                    .hasSameSizeAs(tracker.metricHistory(localRuns.get("train.learning_rate=0.002").runId(), "train/loss"));
            for (String cell : localRuns.keySet()) {
                assertThat(finalMetrics(sparkRuns.get(cell))).as(cell).isEqualTo(finalMetrics(localRuns.get(cell)))
                        .containsKeys("test_nll_nats", "mmd2");
            }
        }

        // the two reports agree on every figure but the timings
        List<String> metrics = List.of("test_nll_nats", "nll_gap_nats", "fisher_divergence", "mmd2", "energy_distance", "sample_nfe",
                "likelihood_nfe");
        try (Tracker tracker = TestServer.connect()) {
            for (String name : List.of(onSpark, onLocal)) ExperimentReport.write(tracker, name, metrics, dir.resolve(name), "test");
        }
        assertThat(Files.readString(dir.resolve(onSpark).resolve("cells.csv"))).isEqualTo(Files.readString(dir.resolve(onLocal)
                .resolve("cells.csv")));
        assertThat(spark.counts()).containsEntry("FINISHED", 2);
    }
}
