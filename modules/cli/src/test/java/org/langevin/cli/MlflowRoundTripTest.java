package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.experiment.TestServer;
import org.langevin.tracking.MlflowServer;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.TrackedRun;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingException;
import org.langevin.tracking.TrackingSetup;

/** Params, metrics and artifacts written through Langevin's tracking layer come back unchanged from the real server. */
class MlflowRoundTripTest {
    @Test
    void paramsMetricsAndArtifactsRoundTrip(@TempDir Path dir) throws Exception {
        try (Tracker tracker = TestServer.connect()) {
            String experiment = tracker.experimentId("langevin-tests");
            TrackedRun run = tracker.startRun(experiment, "round-trip", Map.of("suite", "integration"));
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < 150; i++) params.put("p" + i, "value-" + i); // more than one 100-param batch
            run.logParams(params);
            for (int step = 0; step < 2500; step++) run.logMetric("train/loss", 1.0 / (step + 1), step); // three 1000-metric batches
            run.flush();
            byte[] payload = new byte[300_000];
            new Random(1).nextBytes(payload);
            Path file = Files.write(dir.resolve("blob.bin"), payload);
            run.logArtifact(file, "nested/dir/blob.bin");
            run.finish();

            RunRecord back = tracker.getRun(run.runId());
            assertThat(back.status()).isEqualTo("FINISHED");
            assertThat(back.params()).hasSize(150);
            assertThat(back.params()).containsEntry("p149", "value-149");
            assertThat(back.tags()).containsKey("suite");
            assertThat(TestServer.connect().getRun(run.runId()).metrics()).containsKey("train/loss");
            Path copy = tracker.downloadArtifact(run.runId(), "nested/dir/blob.bin", dir.resolve("copy.bin"));
            assertThat(Files.readAllBytes(copy)).isEqualTo(payload);
            try (var client = MlflowServer.fromEnvironment(TestServer.uri(), System.getenv()).client()) {
                assertThat(client.getMetricHistory(run.runId(), "train/loss")).hasSize(2500);
                assertThat(tracker.listArtifacts(run.runId(), "nested/dir")).containsExactly("nested/dir/blob.bin");
            }
        }
    }

    @Test
    void failedRunsCarryTheirReason() {
        try (Tracker tracker = TestServer.connect()) {
            TrackedRun run = tracker.startRun(tracker.experimentId("langevin-tests"), "failing", Map.of());
            run.fail("loss became NaN at step 12");
            RunRecord back = tracker.getRun(run.runId());
            assertThat(back.status()).isEqualTo("FAILED");
            assertThat(back.tags().get("failure_reason")).contains("NaN");
        }
    }

    @Test
    void anUnreachableServerIsAClearError() {
        Assertions.assertThatThrownBy(() -> Tracker.connect(MlflowServer.local("http://127.0.0.1:9"), TrackingSetup.spoolRoot(Cli.home())))
                .isInstanceOf(TrackingException.class).hasMessageContaining("does not answer").hasMessageContaining("127.0.0.1:9");
    }
}
