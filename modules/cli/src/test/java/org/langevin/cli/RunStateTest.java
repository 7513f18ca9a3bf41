package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.experiment.TestServer;
import org.langevin.sweep.ChildJvm;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;

/**
 * A run's state in MLflow is the truth, and every command reports its ending once: SIGTERM in the middle of work
 * that cannot stop by itself, a second --resume of a live run, and a sweep stopped by a signal. Real processes.
 */
class RunStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Process start(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(ChildJvm.command(Cli.home()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        b.environment().put("MLFLOW_TRACKING_URI", TestServer.uri());
        b.environment().put("OMP_NUM_THREADS", "1");
        return b.start();
    }

    /** The first run of the experiment that satisfies the condition, waiting up to two minutes. */
    private static RunRecord await(Tracker tracker, String experiment, Predicate<RunRecord> condition) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            Optional<String> id = tracker.findExperiment(experiment);
            if (id.isPresent()) {
                Optional<RunRecord> run = tracker.searchRuns(id.get(), "").stream().filter(condition).findFirst();
                if (run.isPresent()) return run.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such run in experiment " + experiment);
    }

    private static JsonNode lastJson(Path dir) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("out.txt")).stream().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).as("a JSON result line").isNotEmpty();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    @Test
    void sigtermDuringTheLikelihoodCommandEndsItsRunKilledWithAResultLine(@TempDir Path dir) throws Exception {
        String experiment = "state-likelihood-" + System.nanoTime();
        Process child = start(dir, "likelihood", "--config", Cli.experiment("oracle_ring.yaml"), "--json", "--set", "experiment=" + experiment,
                "--set", "likelihood.points=fresh", "--set", "likelihood.n_points=100000", "--set", "likelihood.divergence=exact");
        try (Tracker tracker = TestServer.connect()) {
            RunRecord running = await(tracker, experiment, r -> r.status().equals("RUNNING"));
            Thread.sleep(1000);
            child.destroy(); // SIGTERM
            assertThat(child.waitFor()).isNotZero();
            JsonNode result = lastJson(dir);
            assertThat(result.get("status").asText()).isEqualTo("KILLED");
            assertThat(result.get("run_id").asText()).isEqualTo(running.runId());
            assertThat(Files.readString(dir.resolve("err.txt"))).contains("error: run " + running.runId() + " KILLED");
            assertThat(tracker.getRun(running.runId()).status()).isEqualTo("KILLED");
        }
    }

    @Test
    void sigtermDuringSamplingOutsideARunStillPrintsAResultLine(@TempDir Path dir) throws Exception {
        Process child = start(dir, "sample", "--config", Cli.experiment("oracle_ring.yaml"), "--json", "--n", "2000000", "--set",
                "sampler.steps=2000",
                "--output", dir.resolve("x.csv").toString());
        for (int i = 0; i < 600 && !Files.readString(dir.resolve("err.txt")).contains("sample"); i++) Thread.sleep(100);
        Thread.sleep(1000);
        child.destroy();
        assertThat(child.waitFor()).isNotZero();
        assertThat(lastJson(dir).get("status").asText()).isEqualTo("KILLED");
        assertThat(dir.resolve("x.csv")).doesNotExist();
    }

    @Test
    void aSecondResumeOfARunAnotherProcessContinuesIsRefused(@TempDir Path dir) throws Exception {
        String experiment = "state-lease-" + System.nanoTime();
        String[] sets = {"--set", "experiment=" + experiment, "--set", "train.steps=100000", "--set", "train.checkpoint_every=20"};
        List<String> args = new ArrayList<>(List.of("run", Cli.experiment("quickstart.yaml")));
        args.addAll(List.of(sets));
        Process child = start(dir, args.toArray(String[]::new));
        try (Tracker tracker = TestServer.connect()) {
            RunRecord running = await(tracker, experiment, r -> r.tags().containsKey("lease"));
            List<String> resume = new ArrayList<>(args);
            resume.addAll(List.of("--resume", running.runId(), "--json"));
            Cli second = Cli.run(resume.toArray(String[]::new));
            assertThat(second.exitCode()).isEqualTo(2);
            assertThat(second.err().strip()).startsWith("error: --resume").contains("is RUNNING in process " + child.pid()).doesNotContain("\tat ");
            child.destroy();
            child.waitFor();
            assertThat(tracker.getRun(running.runId()).status()).isEqualTo("KILLED");
        }
    }

    @Test
    void aSweepStoppedBySigtermEndsItsCellsAndItsParentKilledAndSumsUp(@TempDir Path dir) throws Exception {
        String name = "state-sweep-" + System.nanoTime();
        Path file = SweepFiles.write(dir, name + ".yaml", name, "quickstart.yaml", "{train.steps: 100000, train.checkpoint_every: 50}",
                "sde.type: [vp, ve]");
        Process sweep = start(dir, "sweep", file.toString(), "--json");
        try (Tracker tracker = TestServer.connect()) {
            RunRecord cell = await(tracker, name, r -> r.tags().containsKey("sweep.cell") && r.status().equals("RUNNING"));
            Thread.sleep(2000);
            sweep.destroy();
            assertThat(sweep.waitFor()).isNotZero();
            RunRecord parent = await(tracker, name, r -> "sweep".equals(r.tags().get("job")));
            assertThat(parent.status()).isEqualTo("KILLED");
            assertThat(tracker.getRun(cell.runId()).status()).isEqualTo("KILLED");
            assertThat(lastJson(dir).get("status").asText()).isEqualTo("KILLED");
            assertThat(lastJson(dir).get("run_id").asText()).isEqualTo(parent.runId());
            assertThat(Files.readString(dir.resolve("err.txt"))).contains("KILLED by a signal");
        }
    }

    /** A rerun that repairs a failed sweep ends FINISHED without the markers of the failure. */
    @Test
    void aRepairedSweepKeepsNoStaleMarkers(@TempDir Path dir) throws Exception {
        String name = "state-repaired-" + System.nanoTime();
        Path file = SweepFiles.write(dir, name + ".yaml", name, "quickstart.yaml",
                "{train.steps: 40, train.learning_rate: 1.0e12, train.warmup_steps: 0, sampler.steps: 20, sampler.n_samples: 100, "
                        + "likelihood.enabled: false}",
                "sde.type: [vp, ve]");
        assertThat(Cli.run("sweep", file.toString()).exitCode()).isEqualTo(1);
        Cli repaired = Cli.run("sweep", file.toString(), "--set", "train.learning_rate=2.0e-3");
        assertThat(repaired.exitCode()).as(repaired.err()).isZero();
        try (Tracker tracker = TestServer.connect()) {
            RunRecord parent = await(tracker, name, r -> "sweep".equals(r.tags().get("job")));
            assertThat(parent.status()).isEqualTo("FINISHED");
            assertThat(parent.tags()).doesNotContainKey("failure_reason");
            assertThat(parent.metrics()).containsEntry("runs_failed", 0.0).containsEntry("runs_finished", 2.0);
        }
    }

    /** Samples that hold NaN are not written: one line, exit 1, no file. */
    @Test
    void sampleWritesNoNonFiniteOutput(@TempDir Path dir) {
        Path out = dir.resolve("x.csv");
        Cli r = Cli.run("sample", "--config", Cli.experiment("oracle_ring.yaml"), "--json", "--set", "sampler.type=pc", "--set", "sampler.snr=1e200",
                "--set", "sampler.steps=20", "--n", "100", "--output", out.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("error: sampling produced NaN or infinity").contains("nothing was written").doesNotContain("\tat ");
        assertThat(r.lastLine()).contains("\"status\":\"FAILED\"");
        assertThat(out).doesNotExist();
    }

    /** A committed report whose runs this server does not hold refuses to rerender in one line. */
    @Test
    void aReportFromAnotherMachineRefusesToRerenderInOneLine(@TempDir Path dir) throws Exception {
        for (String csv : List.of("runs.csv", "nfe.csv")) Files.copy(Cli.home().resolve("reports/unification").resolve(csv), dir.resolve(csv));
        Cli r = Cli.run("report", "unification", "--rerender", "--out", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: --rerender").contains("is not on the MLflow server").doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
