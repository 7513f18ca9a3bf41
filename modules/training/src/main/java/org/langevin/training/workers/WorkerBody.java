package org.langevin.training.workers;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.langevin.training.Peers;

/**
 * What one worker of train.workers does once it has joined its peers: builds its part of the experiment from the
 * configuration and trains, reporting to the driver's {@link Coordinator}. The application provides it (found with
 * ServiceLoader), so that an executor's task needs only this module to start it.
 */
public interface WorkerBody {
    /**
     * Trains as worker {@code peers.rank()} of the stage's attempt {@code attempt}; returns when training has ended. The
     * line to the coordinator is handed to {@code lines} once open, so that a killed task can close it.
     */
    void train(String configYaml, Peers peers, int attempt, InetSocketAddress coordinator, Consumer<Closeable> lines) throws IOException;

    /** The application's worker on the class path. */
    static WorkerBody load() {
        return ServiceLoader.load(WorkerBody.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "no worker on the class path: the executors need the CLI jar (modules/cli/target/langevin-cli.jar)"));
    }
}
