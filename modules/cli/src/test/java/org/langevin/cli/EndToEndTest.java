package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.core.Arrays2;
import org.langevin.core.RandomStreams;
import org.langevin.data.ToyDistributions;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.SamplerCatalogueTest;
import org.langevin.experiment.TestServer;
import org.langevin.tracking.MlflowServer;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The README's path through the real command line and the real MLflow server. */
class EndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void quickstartTrainsSamplesEvaluatesAndLogsThenTheRunIsReusable(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("run", Cli.experiment("quickstart.yaml"), "--json",
                "--set", "experiment=langevin-tests", "--set", "train.steps=200", "--set", "train.log_every=20",
                "--set", "sampler.steps=100", "--set", "sampler.n_samples=500", "--set", "likelihood.n_points=200");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.lastLine());
        String runId = json.get("run_id").asText();
        assertThat(json.get("experiment").asText()).isEqualTo("langevin-tests");
        assertThat(json.get("tracking_uri").asText()).startsWith("http://");
        for (String metric : List.of("final_train_loss", "mmd2", "energy_distance", "test_nll_nats", "test_bits_per_dim",
                "test_nll_stderr_nats", "likelihood_nfe", "sample_nfe", "test_nll_exact_nats", "straightness", "nonconservative")) {
            assertThat(json.get("metrics").has(metric)).as(metric).isTrue();
            assertThat(json.get("metrics").get(metric).asDouble()).as(metric).isFinite();
        }
        assertThat(json.get("metrics").get("sample_nfe").asDouble()).isEqualTo(100);

        try (Tracker tracker = TestServer.connect();
             var client = MlflowServer.fromEnvironment(TestServer.uri(), System.getenv()).client()) {
            RunRecord run = tracker.getRun(runId);
            assertThat(run.status()).isEqualTo("FINISHED");
            assertThat(run.params()).containsEntry("train.steps", "200");
            // the quickstart's MLP: (2 + 32 Fourier features) → 128 → 128 → 128 → 2, weights and biases
            long parameters = (34 * 128 + 128) + 2 * (128 * 128 + 128) + (128 * 2 + 2);
            assertThat(run.params()).containsEntry("score_parameters", String.valueOf(parameters));
            for (String tag : List.of("git_commit", "git_dirty", "config_hash", "java_version", "nd4j_version", "backend", "threads")) {
                assertThat(run.tags()).as(tag).containsKey(tag);
            }
            assertThat(client.getMetricHistory(runId, "train/loss")).hasSize(10);
            List<String> artifacts = new ArrayList<>();
            for (String folder : List.of("config", "samples", "plots", "checkpoint")) {
                artifacts.addAll(tracker.listArtifacts(runId, folder));
            }
            assertThat(artifacts).contains("config/resolved.yaml", "samples/samples.csv", "plots/samples.png",
                    "plots/loss_curve.png", "checkpoint/final.ckpt");
        }

        Path samples = dir.resolve("samples.csv");
        Cli sample = Cli.run("sample", "--run", runId, "--n", "64", "--output", samples.toString(), "--json", "--set", "sampler.steps=50");
        assertThat(sample.exitCode()).as(sample.err()).isZero();
        JsonNode s = JSON.readTree(sample.lastLine());
        assertThat(s.get("n").asInt()).isEqualTo(64);
        assertThat(s.get("nfe").asInt()).isEqualTo(50);
        assertThat(Files.readAllLines(samples)).hasSize(65).first().isEqualTo("x0,x1");

        // every sampler works from the trained run's checkpoint; MALA is refused (a network has no log density)
        for (String sampler : SamplerCatalogueTest.GENERATIVE) {
            Cli any = Cli.run("sample", "--run", runId, "--n", "32", "--output", dir.resolve(sampler + ".csv").toString(), "--json",
                    "--set", "sampler.type=" + sampler, "--set", "sampler.steps=10", "--set", "sampler.rtol=1e-2", "--set", "sampler.atol=1e-2");
            assertThat(any.exitCode()).as(sampler + ": " + any.err()).isZero();
            assertThat(JSON.readTree(any.lastLine()).get("nfe").asInt()).as(sampler).isPositive();
        }
        Cli mala = Cli.run("sample", "--run", runId, "--n", "8", "--output", dir.resolve("mala.csv").toString(), "--set", "sampler.type=mala");
        assertThat(mala.exitCode()).isEqualTo(2);
        assertThat(mala.err()).contains("log density");
        Cli energy = Cli.run("energy", "--run", runId, "--input", samples.toString(), "--output", dir.resolve("e.csv").toString());
        assertThat(energy.exitCode()).isEqualTo(2);
        assertThat(energy.err()).contains("score.parameterization").doesNotContain("Exception");
        assertThat(Files.exists(dir.resolve("e.csv"))).isFalse();

        Path logp = dir.resolve("logp.csv");
        Cli lik = Cli.run("likelihood", "--run", runId, "--input", samples.toString(), "--output", logp.toString(), "--json");
        assertThat(lik.exitCode()).as(lik.err()).isZero();
        JsonNode l = JSON.readTree(lik.lastLine());
        assertThat(l.get("n").asInt()).isEqualTo(64);
        assertThat(l.get("likelihood_nfe").asInt()).isPositive();
        List<String> rows = Files.readAllLines(logp);
        assertThat(rows).hasSize(65).first().isEqualTo("log_density");
        double mean = rows.stream().skip(1).mapToDouble(Double::parseDouble).average().orElseThrow();
        assertThat(-mean).isCloseTo(l.get("test_nll_nats").asDouble(), within(1e-9));

        // the evaluation is an MLflow run of its own, linked to the trained run
        String likelihoodRun = l.get("run_id").asText();
        try (Tracker tracker = TestServer.connect();
             var client = MlflowServer.fromEnvironment(TestServer.uri(), System.getenv()).client()) {
            RunRecord run = tracker.getRun(likelihoodRun);
            assertThat(run.status()).isEqualTo("FINISHED");
            assertThat(run.tags()).containsEntry("job", "likelihood");
            assertThat(run.tags()).containsEntry("trained_run_id", runId);
            assertThat(run.metrics().get("test_nll_nats")).isCloseTo(l.get("test_nll_nats").asDouble(), within(1e-9));
            assertThat(tracker.listArtifacts(likelihoodRun, "likelihood")).containsExactly("likelihood/log_density.csv");

            // bad input is refused before any run exists
            String experimentId = run.experimentId();
            int before = client.searchRuns(List.of(experimentId), "tags.job = 'likelihood'").size();
            Path bad = Files.writeString(dir.resolve("bad.csv"), "x0,x1\n1.0,NaN\n");
            Path wrongDim = Files.writeString(dir.resolve("wrong.csv"), "x0,x1,x2\n1,2,3\n");
            Path empty = Files.writeString(dir.resolve("empty.csv"), "");
            Path text = Files.writeString(dir.resolve("text.csv"), "x0,x1\n1.0,abc\n");
            for (Path input : List.of(bad, wrongDim, empty, text)) {
                Cli refused = Cli.run("likelihood", "--run", runId, "--input", input.toString());
                assertThat(refused.exitCode()).as(input.toString()).isEqualTo(2);
                assertThat(refused.err()).contains("--input").doesNotContain("Exception");
            }
            assertThat(client.searchRuns(List.of(experimentId), "tags.job = 'likelihood'")).hasSize(before);
        }
    }

    @Test
    void oracleLikelihoodFromTheCommandLineEqualsTheExactDensity() throws Exception {
        Cli r = Cli.run("likelihood", "--config", Cli.experiment("oracle_ring.yaml"), "--json", "--set", "likelihood.n_points=300");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode l = JSON.readTree(r.lastLine());
        var config = ExperimentConfig.load(Path.of(Cli.experiment("oracle_ring.yaml")), List.of("likelihood.n_points=300"));
        ExperimentParts parts = ExperimentParts.build(config);
        var test = Arrays2.toMatrix(parts.data().test().get(
                NDArrayIndex.interval(0, 300), NDArrayIndex.all()));
        double exact = -Arrays.stream(parts.data().truth().orElseThrow().logDensity(test)).average().orElseThrow();
        assertThat(l.get("test_nll_nats").asDouble()).isCloseTo(exact, within(1e-3));
        assertThat(l.get("test_bits_per_dim").asDouble()).isCloseTo(exact / (2 * Math.log(2)), within(1e-3));
    }

    @Test
    void everySamplerRunsFromTheCommandLineWithTheOracle(@TempDir Path dir) throws Exception {
        List<String> all = new ArrayList<>(SamplerCatalogueTest.GENERATIVE);
        all.addAll(List.of("langevin_mcmc", "mala"));
        for (String sampler : all) {
            Path out = dir.resolve(sampler + ".csv");
            Cli r = Cli.run("sample", "--config", Cli.experiment("oracle_ring.yaml"), "--n", "64", "--output", out.toString(), "--json",
                    "--set", "sampler.type=" + sampler, "--set", "sampler.steps=20", "--set", "sampler.batch_size=40");
            assertThat(r.exitCode()).as(sampler + ": " + r.err()).isZero();
            JsonNode json = JSON.readTree(r.lastLine());
            assertThat(json.get("n").asInt()).isEqualTo(64);
            assertThat(json.get("nfe").asInt()).as(sampler).isPositive();
            assertThat(Files.readAllLines(out)).as(sampler).hasSize(65);
        }
    }

    @Test
    void freshPointsGiveTheEntropyOfTheDataLawWithinTheirErrorBar() throws Exception {
        Cli r = Cli.run("likelihood", "--config", Cli.experiment("oracle_ring.yaml"), "--json", "--set", "likelihood.points=fresh",
                "--set", "likelihood.n_points=2000");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode l = JSON.readTree(r.lastLine());
        assertThat(l.get("n").asInt()).isEqualTo(2000);
        // the mean NLL of fresh draws estimates the entropy H[p]; a Monte Carlo estimate from 200,000 draws is the truth here
        var ring = ToyDistributions.ring(8, 4.0, 0.5);
        double entropy = -Arrays.stream(ring.logDensity(Arrays2.toMatrix(
                ring.sample(200_000, new RandomStreams(99).get("entropy"))))).average().orElseThrow();
        assertThat(l.get("test_nll_nats").asDouble()).isCloseTo(entropy, within(4 * l.get("test_nll_stderr_nats").asDouble() + 0.01));

        Cli refused = Cli.run("likelihood", "--config", Cli.experiment("oracle_ring.yaml"), "--set", "likelihood.points=random");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("likelihood.points").contains("[fresh, test]");
    }

    @Test
    void samplingAnUntrainedNetworkFromAConfigIsRefused() {
        Cli r = Cli.run("sample", "--config", Cli.experiment("quickstart.yaml"), "--n", "10", "--output", "/tmp/never.csv");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("score.type").contains("--run RUN_ID");
    }

    @Test
    void divergingTrainingEndsFailedWithTheLastGoodCheckpoint() throws Exception {
        Cli r = Cli.run("run", Cli.experiment("quickstart.yaml"), "--set", "experiment=langevin-tests", "--set", "train.learning_rate=1e12",
                "--set", "train.grad_clip=0", "--set", "train.warmup_steps=0", "--set", "train.steps=200");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("FAILED").contains("non-finite").doesNotContain("\tat ");
        String runId = r.err().replaceAll("(?s).*run ([0-9a-f]{32}) FAILED.*", "$1");
        try (Tracker tracker = TestServer.connect()) {
            RunRecord run = tracker.getRun(runId);
            assertThat(run.status()).isEqualTo("FAILED");
            assertThat(run.tags()).containsKey("failed_step");
            assertThat(run.tags().get("failure_reason")).contains("non-finite");
            assertThat(tracker.listArtifacts(runId, "checkpoint")).containsExactly("checkpoint/last_good.ckpt");
        }
    }

    @Test
    void helpIsAvailableOnEveryCommand() {
        for (String command : List.of("run", "sample", "likelihood", "energy", "restore", "mlflow")) {
            Cli r = Cli.run(command, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("Usage: langevin " + command);
        }
        assertThat(Cli.run("--help").out()).contains("run").contains("sample").contains("likelihood").contains("mlflow");
    }
}
