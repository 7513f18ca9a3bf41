package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.experiment.run.Sweep;
import org.langevin.experiment.run.SweepFile;
import org.langevin.experiment.TestServer;
import org.langevin.sweep.CellJob;
import org.langevin.sweep.LocalExecutor;
import org.langevin.sweep.SweepExecutor;
import org.langevin.tracking.Tracker;

/**
 * Secrets leave by no side door: names (experiment, run, registered model, tag keys, a sweep's) that hold one are
 * refused before any run, values (a dataset's source) are masked, reserved tags cannot be set, and a sweep's children
 * get their settings on standard input, not on their command line. Each against the real MLflow server.
 */
class SideDoorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "side-SECRET-" + System.nanoTime();

    private static String stamp() {
        return String.valueOf(System.nanoTime());
    }

    private static List<String> oracle(String experiment, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", Cli.experiment("oracle_ring.yaml"), "--json", "--set", "tracking.password=" + SECRET,
                "--set", "sampler.steps=20", "--set", "sampler.n_samples=100", "--set", "likelihood.enabled=false"));
        if (experiment != null) args.addAll(List.of("--set", "experiment=" + experiment));
        args.addAll(List.of(extra));
        return args;
    }

    /** One line naming the key, exit 2, INVALID in the JSON line, and the experiment was never created. */
    private static void refusedBeforeAnyRun(Cli r, String key, String experiment) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: " + key).doesNotContain("\tat ").doesNotContain(SECRET);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.out()).doesNotContain(SECRET).contains("\"status\":\"INVALID\"");
        try (Tracker tracker = TestServer.connect()) {
            assertThat(tracker.findExperiment(experiment)).isEmpty();
        }
    }

    static Stream<Arguments> namesThatHoldASecret() {
        return Stream.of(
                Arguments.of("experiment", List.of()),
                Arguments.of("tracking.run_name", List.of("--set", "tracking.run_name=run-" + SECRET)),
                Arguments.of("tracking.register_model", List.of("--set", "tracking.register_model=model-" + SECRET)),
                Arguments.of("--tag", List.of("--tag", "team-" + SECRET + "=1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namesThatHoldASecret")
    void aNameThatHoldsASecretIsRefusedBeforeAnyRun(String key, List<String> extra) {
        String experiment = "side-doors-" + stamp();
        List<String> args = oracle(key.equals("experiment") ? "exp-" + SECRET : experiment, extra.toArray(String[]::new));
        if (key.equals("tracking.register_model")) args.addAll(List.of("--set", "score.type=mlp")); // a run that trains
        refusedBeforeAnyRun(Cli.run(args.toArray(String[]::new)), key, key.equals("experiment") ? "exp-" + SECRET : experiment);
    }

    static Stream<Arguments> namesMlflowWouldRefuse() {
        return Stream.of(
                Arguments.of("tracking.register_model", List.of("--set", "score.type=mlp", "--set", "tracking.register_model=team/model")),
                Arguments.of("tracking.register_model", List.of("--set", "score.type=mlp", "--set", "tracking.register_model=\"a\\nb\"")),
                Arguments.of("tracking.register_model", List.of("--set", "score.type=mlp", "--set", "tracking.register_model=' '")),
                Arguments.of("--tag", List.of("--tag", "config_hash=0000")),
                Arguments.of("--tag", List.of("--tag", "failure_reason=none")),
                Arguments.of("--tag", List.of("--tag", "mlflow.runName=other")),
                Arguments.of("--tag", List.of("--tag", "sweep.cell=x")),
                Arguments.of("--tag", List.of("--tag", "sde.type=ve")),
                Arguments.of("--tag", List.of("--tag", "../up=1")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("namesMlflowWouldRefuse")
    void aReservedOrInvalidNameIsRefusedBeforeAnyRun(String key, List<String> extra) {
        String experiment = "side-names-" + stamp();
        refusedBeforeAnyRun(Cli.run(oracle(experiment, extra.toArray(String[]::new)).toArray(String[]::new)), key, experiment);
    }

    /** The dataset input's source keeps a file's path, without the credentials in it; nothing of the run holds the secret. */
    @Test
    void aDatasetSourceWithCredentialsIsStoredMasked(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("alice:" + SECRET + "@share"));
        StringBuilder csv = new StringBuilder("x0,x1\n");
        for (int i = 0; i < 400; i++) csv.append(Math.cos(i)).append(',').append(Math.sin(0.7 * i)).append('\n');
        Files.writeString(folder.resolve("points.csv"), csv);
        String experiment = "side-source-" + stamp();
        Cli r = Cli.run("run", Cli.experiment("quickstart.yaml"), "--json", "--set", "experiment=" + experiment, "--set", "data.type=csv",
                "--set", "data.path=" + folder.resolve("points.csv"), "--set", "train.steps=20", "--set", "sampler.steps=20",
                "--set", "sampler.n_samples=100", "--set", "likelihood.enabled=false");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).doesNotContain(SECRET);
        String runId = JSON.readTree(r.lastLine()).get("run_id").asText();
        String stored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(TestServer.uri()
                + "/api/2.0/mlflow/runs/get?run_id=" + runId)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(stored).contains("dataset_inputs").contains("points.csv").contains("***@share").doesNotContain(SECRET);
    }

    /** Every cell of a grid is checked against every key, the later stages' included, before the parent or any cell exists. */
    @Test
    void aSweepWithOneBadCellCreatesNoRun(@TempDir Path dir) throws Exception {
        String name = "side-sweep-bad-" + stamp();
        Path file = SweepFiles.write(dir, name + ".yaml", name, "oracle_ring.yaml",
                "{sampler.steps: 20, sampler.n_samples: 100, likelihood.enabled: false}",
                "train.sample_every: [10, -5]");
        refusedBeforeAnyRun(Cli.run("sweep", file.toString(), "--json"), "train.sample_every", name);
    }

    /** A sweep's children get their --set values and tags on standard input: no argument of theirs holds the secret. */
    @Test
    void aSweepPassesNoSecretOnItsChildrensCommandLines(@TempDir Path dir) throws Exception {
        String name = "side-argv-" + stamp();
        Path file = SweepFiles.write(dir, name + ".yaml", name, "oracle_ring.yaml",
                "{tracking.password: \"" + SECRET + "\", sampler.steps: 20, sampler.n_samples: 100, likelihood.enabled: false}",
                        "sde.type: [vp, ve]");
        List<String> argv = new ArrayList<>();
        SweepExecutor recording = new SweepExecutor() {
            private final LocalExecutor local = new LocalExecutor(Cli.home());

            @Override
            public String name() {
                return "recording";
            }

            @Override
            public void run(List<CellJob> jobs, int parallel, String master, Map<String, String> env,
                    Consumer<CellJob.Ending> onEnd) throws Exception {
                Thread watch = new Thread(() -> { // the command lines the children really run with, as any local user sees them (ps)
                    while (!Thread.currentThread().isInterrupted()) {
                        ProcessHandle.current().descendants().forEach(p -> {
                            try { // the kernel's copy, the one ps shows: arguments separated by NUL
                                String line = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"), StandardCharsets.ISO_8859_1);
                                synchronized (argv) {
                                    argv.addAll(List.of(line.split("\u0000")));
                                }
                            } catch (IOException gone) {
                                // the child has ended
                            }
                        });
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                watch.start();
                try {
                    local.run(jobs, parallel, master, env, onEnd);
                } finally {
                    watch.interrupt();
                    watch.join();
                }
            }
        };
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOW_TRACKING_URI", TestServer.uri());
        Sweep.Summary summary = new Sweep(Cli.home(), new PrintStream(OutputStream.nullOutputStream()), env)
                .run(SweepFile.load(file), recording, 1, null, o -> {});
        assertThat(summary.counts()).containsEntry("FINISHED", 2);
        assertThat(argv).as("the children's arguments").contains("--cell-input").noneMatch(a -> a.contains(SECRET)).noneMatch(a
                -> a.contains("tracking.password"));
    }
}
