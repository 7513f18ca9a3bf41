package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.TestServer;
import org.langevin.sweep.ChildJvm;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;

/**
 * No secret leaves the machine, no run is left in a false state, and every failure has one line (and with --json a
 * result line): each case of the trust review, end to end against the real MLflow server.
 */
class TrustTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUICK = "sampler.steps=20";

    private static String stamp() {
        return String.valueOf(System.nanoTime());
    }

    /** Every param, tag, run name and text artifact of every run of the experiment, as one text. */
    private static String everythingLogged(Tracker tracker, String experiment, Path dir) throws Exception {
        StringBuilder all = new StringBuilder();
        for (RunRecord run : tracker.searchRuns(tracker.findExperiment(experiment).orElseThrow(), "")) {
            all.append(run.runName()).append('\n');
            run.params().forEach((k, v) -> all.append(k).append('=').append(v).append('\n'));
            run.tags().forEach((k, v) -> all.append(k).append('=').append(v).append('\n'));
            for (String folder : List.of("sweep", "sweep/base", "config", "samples")) {
                for (String artifact : tracker.listArtifacts(run.runId(), folder)) {
                    if (artifact.endsWith(".yaml") || artifact.endsWith(".csv")) {
                        Path local = tracker.downloadArtifact(run.runId(), artifact, dir.resolve(run.runId() + "_" + artifact.replace('/', '_')));
                        all.append(Files.readString(local)).append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    /** 1: a sweep's file, its cells' tags, run names, params and configs, and its logs hold no secret of its set:; a grid over a secret is
     * refused. */
    @Test
    void aSweepLogsNoSecretOfItsFileOrGrid(@TempDir Path dir) throws Exception {
        String name = "trust-sweep-" + stamp();
        Path overSecret = SweepFiles.write(dir, name + "-grid.yaml", name, "oracle_ring.yaml", null,
                "tracking.token: [\"grid-SECRET-2\", \"grid-SECRET-3\"]");
        Cli refused = Cli.run("sweep", overSecret.toString(), "--json");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().strip()).startsWith("error: grid.tracking.token").doesNotContain("SECRET");
        Path file = SweepFiles.write(dir, name + ".yaml", name, "oracle_ring.yaml",
                "{tracking.password: \"set-SECRET-1\", " + QUICK.replace("=", ": ")
                        + ", sampler.n_samples: 100, likelihood.enabled: false}", "tracking.username: [alice, bob]");
        Cli r = Cli.run("sweep", file.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).doesNotContain("SECRET");
        try (Tracker tracker = TestServer.connect()) {
            String logged = everythingLogged(tracker, name, dir);
            assertThat(logged).contains("tracking.password").doesNotContain("SECRET");
        }
        try (Stream<Path> logs = Files.list(Cli.home().resolve(".langevin/sweeps").resolve(name))) {
            for (Path log : logs.toList()) assertThat(Files.readString(log)).as(log.toString()).doesNotContain("SECRET");
        }
    }

    /** 4: an output that cannot be written is refused before any work or run. */
    @Test
    void anOutputThatCannotBeWrittenIsRefusedBeforeAnyRun(@TempDir Path dir) throws Exception {
        String experiment = "trust-output-" + stamp();
        Cli likelihood = Cli.run("likelihood", "--config", Cli.experiment("oracle_ring.yaml"), "--set", "experiment=" + experiment,
                "--output", dir.resolve("nodir/x/logp.csv").toString());
        Cli sample = Cli.run("sample", "--config", Cli.experiment("oracle_ring.yaml"), "--set", "experiment=" + experiment, "--n", "10",
                "--output", dir.resolve("missing/x.csv").toString());
        for (Cli r : List.of(likelihood, sample)) {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("error: --output").contains("does not exist").doesNotContain("\tat ");
            assertThat(r.err().strip().lines()).hasSize(1);
        }
        try (Tracker tracker = TestServer.connect()) {
            assertThat(tracker.findExperiment(experiment)).isEmpty();
        }
    }

    /** 5: credentials in the tracking URI, and tags with secret-looking keys, never reach the console or MLflow. */
    @Test
    void credentialsInTheUriAndSecretTagsStayOffTheConsoleAndOutOfMlflow(@TempDir Path dir) throws Exception {
        String experiment = "trust-console-" + stamp();
        String uri = TestServer.uri().replace("://", "://alice:uri-SECRET-5@");
        Cli r = Cli.run("run", Cli.experiment("oracle_ring.yaml"), "--json", "--set", "experiment=" + experiment, "--set", QUICK,
                "--set", "sampler.n_samples=100", "--set", "likelihood.enabled=false", "--set", "tracking.uri=" + uri, "--tag",
                        "api_key=tag-SECRET-6");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("MLflow UI").doesNotContain("SECRET");
        assertThat(JSON.readTree(r.lastLine()).get("tracking_uri").asText()).contains("***@").doesNotContain("SECRET");
        try (Tracker tracker = TestServer.connect()) {
            assertThat(everythingLogged(tracker, experiment, dir)).contains("api_key=***").doesNotContain("SECRET");
        }
        Cli down = Cli.run("run", Cli.experiment("oracle_ring.yaml"), "--set", "tracking.uri=http://bob:down-SECRET-7@127.0.0.1:9");
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err()).contains("error:").doesNotContain("SECRET");
    }

    /** 6 and 8: a run that diverged has no final weights: sampling or evaluating it is one line, and --json reports its status. */
    @Test
    void aFailedRunReportsItsStatusInJsonAndHasNoWeightsToSampleFrom(@TempDir Path dir) throws Exception {
        Cli diverged = Cli.run("run", Cli.experiment("quickstart.yaml"), "--json", "--set", "experiment=trust-failed-" + stamp(),
                "--set", "train.learning_rate=1.0e12", "--set", "train.steps=50", "--set", "train.warmup_steps=0");
        assertThat(diverged.exitCode()).isEqualTo(1);
        JsonNode result = JSON.readTree(diverged.lastLine());
        assertThat(result.get("status").asText()).isEqualTo("FAILED");
        String runId = result.get("run_id").asText();
        assertThat(runId).hasSize(32);
        try (Tracker tracker = TestServer.connect()) {
            assertThat(tracker.getRun(runId).status()).isEqualTo("FAILED");
        }
        Cli sample = Cli.run("sample", "--run", runId, "--n", "10", "--output", dir.resolve("s.csv").toString());
        Cli likelihood = Cli.run("likelihood", "--run", runId, "--json");
        for (Cli r : List.of(sample, likelihood)) {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("error: --run").contains("no checkpoint/final.ckpt").doesNotContain("\tat ");
        }
        assertThat(JSON.readTree(likelihood.lastLine()).get("status").asText()).isEqualTo("INVALID");
        Cli bad = Cli.run("run", Cli.experiment("quickstart.yaml"), "--json", "--set", "sde.type=vpp");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(JSON.readTree(bad.lastLine()).get("status").asText()).isEqualTo("INVALID");
        assertThat(JSON.readTree(bad.lastLine()).has("run_id")).isFalse();
    }

    /** 9: an unknown run given to --from-run is named as --from-run. */
    @Test
    void fromRunErrorsNameFromRun() {
        Cli r = Cli.run("run", "--from-run", "0123456789abcdef0123456789abcdef");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: --from-run");
    }

    /** 7: a wide data set without the likelihood does not build a D × D covariance. */
    @Test
    void aWideDataSetWithoutTheLikelihoodBuildsNoCovariance(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder();
        int columns = 30_000;
        for (int j = 0; j < columns; j++) csv.append(j == 0 ? "" : ",").append('x').append(j);
        csv.append('\n');
        for (int i = 0; i < 12; i++) {
            List<String> row = new ArrayList<>();
            for (int j = 0; j < columns; j++) row.add(String.valueOf((i + j) % 5));
            csv.append(String.join(",", row)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("wide.csv"), csv);
        var parts = ExperimentParts.build(ExperimentConfig.load(null, List.of(
                "data.type=csv", "data.path=" + file, "likelihood.enabled=false", "sampler.n_samples=10", "train.batch_size=8")));
        assertThat(parts.data().dim()).isEqualTo(columns);
    }

    /** 3: a run that passes the memory estimate and still runs out of heap ends FAILED with its reason, in one line. */
    @Test
    void runningOutOfMemoryEndsTheRunFailedWithItsReason() throws Exception {
        String experiment = "trust-oom-" + stamp();
        List<String> command = new ArrayList<>(ChildJvm.command(Cli.home()));
        command.removeIf(arg -> arg.startsWith("-Xmx"));
        command.add(1, "-Xmx256m");
        command.addAll(List.of("run", Cli.experiment("oracle_ring.yaml"), "--json", "--set", "experiment=" + experiment, "--set", "sampler.steps=2",
                "--set", "sampler.n_samples=6000000", "--set", "likelihood.enabled=false"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().put("MLFLOW_TRACKING_URI", TestServer.uri());
        Process child = builder.start();
        String err = new String(child.getErrorStream().readAllBytes());
        String out = new String(child.getInputStream().readAllBytes()).strip();
        assertThat(child.waitFor()).as(err).isEqualTo(1);
        assertThat(err).contains("error: run ").contains("out of memory").doesNotContain("\tat ");
        JsonNode result = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
        assertThat(result.get("status").asText()).isEqualTo("FAILED");
        try (Tracker tracker = TestServer.connect()) {
            RunRecord run = tracker.getRun(result.get("run_id").asText());
            assertThat(run.status()).isEqualTo("FAILED");
            assertThat(run.tags().get("failure_reason")).contains("out of memory");
        }
    }
}
