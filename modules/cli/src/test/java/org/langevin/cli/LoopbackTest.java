package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.TestServer;

/** The embedded MLflow server is reachable from this machine only. */
class LoopbackTest {
    @Test
    void theEmbeddedServerListensOnTheLoopbackAddressOnly() throws Exception {
        int port = URI.create(TestServer.uri()).getPort();
        String hexPort = String.format(":%04X ", port);
        List<String> listeners = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && (f[1] + " ").endsWith(hexPort) && f[3].equals("0A")) listeners.add(f[1]); // 0A: LISTEN
            }
        }
        assertThat(listeners).isNotEmpty().allSatisfy(address -> assertThat(address).isEqualTo("0100007F" + hexPort.strip()));
    }
}
