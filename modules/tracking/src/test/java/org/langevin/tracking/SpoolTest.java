package org.langevin.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool on files alone: order, sequence across reopenings, artifacts, removal; and what an offline run writes there. */
class SpoolTest {
    private static ObjectNode op(String kind) {
        return Spool.JSON.createObjectNode().put("op", kind);
    }

    @Test
    void operationsComeBackInOrderAcrossReopeningsWithTheirArtifactsAndLeaveNothingOnceTaken(@TempDir Path dir) throws Exception {
        Spool spool = Spool.open(dir.resolve("run"));
        spool.append(op("params"), null);
        Path file = Files.writeString(dir.resolve("a.txt"), "bytes");
        spool.append(op("artifact"), file);
        Files.delete(file); // the spool holds its own copy
        Spool again = Spool.open(dir.resolve("run")); // a later process continues the sequence
        again.append(op("terminate"), null);
        List<Spool.Entry> entries = again.entries();
        assertThat(entries).extracting(e -> e.op().get("op").asText()).containsExactly("params", "artifact", "terminate");
        assertThat(entries).extracting(Spool.Entry::seq).containsExactly(1L, 2L, 3L);
        assertThat(Files.readString(again.artifact(entries.get(1)))).isEqualTo("bytes");
        for (Spool.Entry e : entries) again.remove(e);
        assertThat(again.isEmpty()).isTrue();
        again.deleteIfEmpty();
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void anOfflineRunSpoolsEverythingInOrderWithSecretsMasked(@TempDir Path dir) {
        Redaction.remember("spool-secret-42");
        Tracker tracker = Tracker.offline(dir);
        TrackedRun run = tracker.startRun(tracker.experimentId("offline-test"), "a run", Map.of("note", "uses spool-secret-42"));
        run.logParams(Map.of("tracking.password", "spool-secret-42", "train.steps", "10"));
        run.logMetric("loss", 0.5, 1);
        run.logMetric("loss", 0.25, 2);
        run.finish();
        List<Spool> spools = Spool.all(dir);
        assertThat(spools).hasSize(1);
        String everything = spools.get(0).entries().toString() + spools.get(0).header();
        assertThat(everything).contains("train.steps").contains("***").doesNotContain("spool-secret-42");
        assertThat(spools.get(0).entries()).extracting(e -> e.op().path("type").asText()).startsWith("params").contains("metrics").last()
                .isEqualTo("terminate");
    }
}
