package org.langevin.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.core.ConfigException;
import org.langevin.experiment.TestHome;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.Timings;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.experiment.assembly.WorkerKeys;
import org.langevin.sweep.ChildJvm;
import org.langevin.tracking.MetricPoint;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;
import org.langevin.training.workers.Workers;

/**
 * One model trained by two workers on Spark's local-cluster master (each executor a JVM of its own), against the real
 * MLflow server: averaging gradients every step trains as one worker with twice the batch; periodic averaging gives the
 * same metrics run after run, and a killed executor costs a restart of the workers from the last sync, not the metrics.
 */
class SparkWorkersTest {
    private static final String CLUSTER = "local-cluster[2,1,1024]";
    private static final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    private static final List<String> SMALL = List.of("experiment=langevin-workers-tests", "train.steps=60", "train.batch_size=32",
            "train.log_every=10", "train.checkpoint_every=10", "train.sample_every=0", "sampler.steps=20", "sampler.n_samples=64",
            "likelihood.n_points=8", "likelihood.rtol=1e-2", "likelihood.atol=1e-2", "features.steps=0");

    private static ExperimentConfig config(String... extra) {
        List<String> sets = new ArrayList<>(SMALL);
        sets.addAll(List.of(extra));
        return ExperimentConfig.load(Path.of(TestHome.experiment("digits-vp.yaml")), sets);
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOW_TRACKING_URI", TestServer.uri());
        return env;
    }

    private static ExperimentRunner.Result onWorkers(ExperimentConfig config) throws Exception {
        return new ExperimentRunner(TestHome.path(), quiet).withWorkers(c -> workersAt(c, CLUSTER)).run(config, env());
    }

    private static Workers workersAt(ExperimentConfig config, String master) {
        return new SparkWorkers().open(config.toYaml(), WorkerKeys.workers(config.settings()), master);
    }

    @Test
    void twoWorkersAveragingGradientsTrainAsOneWorkerWithTwiceTheBatch() throws Exception {
        ExperimentRunner.Result two = onWorkers(config("train.workers=2", "train.sync_every=1", "train.batch_size=16"));
        ExperimentRunner.Result one = new ExperimentRunner(TestHome.path(), quiet).run(config("train.batch_size=32"), env());
        try (Tracker tracker = TestServer.connect()) {
            List<MetricPoint> together = tracker.metricHistory(two.runId(), "train/loss");
            List<MetricPoint> alone = tracker.metricHistory(one.runId(), "train/loss");
            assertThat(together).hasSize(6).extracting(MetricPoint::step).containsExactly(10L, 20L, 30L, 40L, 50L, 60L);
            for (int k = 0; k < together.size(); k++) {
                assertThat(together.get(k).value()).as("loss at step %d", together.get(k).step())
                        .isCloseTo(alone.get(k).value(), within(1e-4 * Math.abs(alone.get(k).value())));
            }
            for (int rank = 0; rank < 2; rank++) {
                assertThat(tracker.metricHistory(two.runId(), "workers/" + rank + "/steps_per_s")).hasSize(6)
                        .allSatisfy(p -> assertThat(p.value()).isPositive());
                assertThat(tracker.metricHistory(two.runId(), "workers/" + rank + "/exchange_seconds")).extracting(MetricPoint::value)
                        .isSorted().allSatisfy(v -> assertThat(v).isPositive());
            }
            assertThat(tracker.getRun(two.runId()).status()).isEqualTo("FINISHED");
        }
    }

    @Test
    void aKilledExecutorRestartsTheWorkersFromTheLastSyncAndLeavesTheMetricsAsTheyAre() throws Exception {
        ExperimentConfig config = config("train.workers=2", "train.sync_every=5");
        ExperimentRunner.Result whole = onWorkers(config);
        AtomicInteger killed = new AtomicInteger();
        Thread killer = new Thread(() -> killAnExecutorAfterACheckpoint(killed));
        killer.setDaemon(true);
        killer.start();
        ExperimentRunner.Result restarted = onWorkers(config);
        killer.join();
        assertThat(killed).as("an executor was killed mid-training").hasValue(1);
        assertThat(Timings.withoutTimings(restarted.metrics())).isEqualTo(Timings.withoutTimings(whole.metrics()));
        try (Tracker tracker = TestServer.connect()) {
            Map<String, String> tags = tracker.getRun(restarted.runId()).tags();
            assertThat(tags.get("workers_restarts")).isEqualTo("1");
            assertThat(Integer.parseInt(tags.get("workers_resumed_step"))).isBetween(10, 50).matches(step -> step % 10 == 0, "a checkpoint's step");
            assertThat(tracker.metricHistory(restarted.runId(), "train/loss")).extracting(MetricPoint::step, MetricPoint::value)
                    .containsExactlyElementsOf(tracker.metricHistory(whole.runId(), "train/loss").stream()
                            .map(p -> tuple(p.step(), p.value())).toList());
            assertThat(tracker.getRun(whole.runId()).tags()).doesNotContainKey("workers_restarts");
        }
    }

    @Test
    void ctrlCStopsTheWorkersAtASyncPointWithACheckpointAndTheResumeLineAndTheResumedRunFinishes(@TempDir Path dir) throws Exception {
        String experiment = "langevin-workers-sigint-" + System.nanoTime();
        // a process group of its own, as a terminal's foreground job: Ctrl-C sends SIGINT to the driver and its executor JVMs;
        // SIGINT as a terminal gives it (a test started in the background inherits it ignored, and a JVM then never sees it)
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", "setsid"));
        command.addAll(ChildJvm.command(TestHome.path()));
        command.add(4, "@" + TestHome.path().resolve("modules/spark/jvm.options")); // Spark's module openings, as the launcher gives them
        command.addAll(List.of("run", TestHome.experiment("digits-vp.yaml"), "--executor", "spark", "--master", CLUSTER, "--json"));
        List<String> sets = new ArrayList<>(SMALL);
        sets.addAll(List.of("experiment=" + experiment, "train.workers=2", "train.sync_every=5", "train.steps=400",
                "train.checkpoint_every=100000"));
        for (String set : sets) command.addAll(List.of("--set", set));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("MLFLOW_TRACKING_URI", TestServer.uri());
        Process child = builder.start();
        try (Tracker tracker = TestServer.connect()) {
            String runId = null;
            for (int i = 0; i < 1800 && runId == null; i++) { // a run past step 10, within three minutes
                Thread.sleep(100);
                runId = tracker.findExperiment(experiment).stream().flatMap(e -> tracker.searchRuns(e, "").stream()).map(RunRecord::runId)
                        .filter(id -> tracker.metricHistory(id, "train/loss").stream().anyMatch(p -> p.step() >= 10)).findFirst().orElse(null);
            }
            assertThat(runId).as("a run of two workers past step 10").isNotNull();
            assertThat(new ProcessBuilder("kill", "-INT", "--", "-" + child.pid()).start().waitFor()).as("Ctrl-C to the group").isZero();
            assertThat(child.waitFor()).isNotZero();
            String err = Files.readString(dir.resolve("err.txt"));
            assertThat(err).contains("error: run " + runId + " KILLED at step ").contains("--executor spark", "--resume " + runId)
                    .doesNotContain("\tat ", "ERROR");
            assertThat(Files.readAllLines(dir.resolve("out.txt"))).last().asString().contains("\"status\":\"KILLED\"");
            assertThat(tracker.getRun(runId).status()).isEqualTo("KILLED");
            int stoppedAt = Integer.parseInt(err.replaceAll("(?s).*KILLED at step (\\d+).*", "$1"));
            assertThat(stoppedAt % 5).as("a sync point").isZero();
            assertThat(tracker.listArtifacts(runId, "checkpoint")).as("the stop's checkpoint").anyMatch(a -> a.endsWith("latest.ckpt"));

            ExperimentRunner.Result resumed = new ExperimentRunner(TestHome.path(), quiet).withWorkers(c -> workersAt(c, CLUSTER))
                    .resume(ExperimentConfig.load(Path.of(TestHome.experiment("digits-vp.yaml")), sets), runId, env());
            assertThat(resumed.runId()).isEqualTo(runId);
            assertThat(tracker.getRun(runId).status()).isEqualTo("FINISHED");
            List<Long> steps = tracker.metricHistory(runId, "train/loss").stream().map(MetricPoint::step).toList();
            assertThat(steps).as("every step logged once, up to the last").doesNotHaveDuplicates().isSorted().endsWith(400L);
        }
    }

    @Test
    void moreWorkersThanTaskSlotsAreRefusedBeforeAnyRun() {
        ExperimentRunner runner = new ExperimentRunner(TestHome.path(), quiet).withWorkers(c -> workersAt(c, "local[1]"));
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> runner.run(config("train.workers=2", "experiment=langevin-workers-refused"), env()));
        assertThat(refused.getMessage()).contains("train.workers", "task slots", "local[1]", "has 1");
        try (Tracker tracker = TestServer.connect()) {
            assertThat(tracker.findExperiment("langevin-workers-refused")).isEmpty();
        }
    }

    /** An executor JVM (its whole command line: ProcessHandle.Info cuts a long class path short). */
    private static boolean isExecutor(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline"))).contains("CoarseGrainedExecutorBackend");
        } catch (IOException e) {
            return false; // ended meanwhile
        }
    }

    /** Waits for the newest run of the test experiment to log a checkpoint past step 10, then kills one executor JVM. */
    private static void killAnExecutorAfterACheckpoint(AtomicInteger killed) {
        long deadline = System.currentTimeMillis() + 300_000;
        try (Tracker tracker = TestServer.connect()) {
            while (System.currentTimeMillis() < deadline) {
                String experiment = tracker.findExperiment("langevin-workers-tests").orElseThrow();
                String running = tracker.searchRuns(experiment, "attributes.status = 'RUNNING'").stream().map(RunRecord::runId).findFirst()
                        .orElse(null);
                if (running != null && tracker.metricHistory(running, "train/seconds").stream().anyMatch(p -> p.step() >= 10)) {
                    ProcessHandle.current().descendants().filter(SparkWorkersTest::isExecutor).findFirst().ifPresent(p -> {
                                p.destroyForcibly();
                                killed.incrementAndGet();
                            });
                    return;
                }
                Thread.sleep(200);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
