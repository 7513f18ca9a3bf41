package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.experiment.TestHome;

/**
 * Two checkouts on one machine: the server of one must not be taken for the other's embedded server when it answers on
 * the port the other used last (the other's runs would go into the wrong store).
 */
class AnotherCheckoutsServerTest {
    @Test
    void aServerOfAnotherStateFolderOnOurPortIsNotOurs(@TempDir Path dir) throws Exception {
        try (ScratchMlflow other = new ScratchMlflow(Files.createDirectories(dir.resolve("other")))) {
            other.up();
            Path ours = Files.createDirectories(dir.resolve("ours"));
            Files.writeString(ours.resolve("server.port"), String.valueOf(other.port())); // our last port, now the other's
            Files.writeString(ours.resolve("server.pid"), Files.readString(other.state().resolve("server.pid")).strip());
            assertThat(status(ours)).as("a live process of another state folder").isEqualTo(1);
            Files.writeString(ours.resolve("server.pid"), "999999"); // a process that is gone
            assertThat(status(ours)).as("a dead process").isEqualTo(1);
            assertThat(status(other.state())).as("the other's own state").isZero();
        }
    }

    private static int status(Path state) throws Exception {
        ProcessBuilder b = new ProcessBuilder(TestHome.path().resolve("ci/mlflow.sh").toString(), "status")
                .redirectErrorStream(true);
        b.environment().put("LANGEVIN_MLFLOW_HOME", state.toString());
        b.environment().put("LANGEVIN_MLFLOW_VENV", TestHome.path().resolve(".langevin/mlflow/venv").toString());
        Process p = b.start();
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor();
    }
}
