package org.langevin.training.workers;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.langevin.core.ConfigException;
import org.langevin.training.Checkpoint;
import org.langevin.training.Trainer;

/**
 * train.workers: one model trained by several workers, each on its own shard of every batch, averaging every
 * train.sync_every steps (each a {@link WorkerBody}); the run on the driver sees one training through its listener.
 * Found by executor name on the class path (modules/spark provides {@code spark}).
 */
public interface Workers extends AutoCloseable {
    /** What the run hears besides training's own events. */
    interface Observer {
        /** Worker {@code rank} at {@code step}: its steps per second since its last report, its seconds of exchange so far. */
        void worker(int rank, int step, double stepsPerSecond, double exchangeSeconds);

        /** A lost worker: attempt {@code attempt} of the workers' stage restarts every worker at {@code step}, the last checkpoint. */
        void restarted(int attempt, int step);
    }

    /** Opens the workers of an executor: checks what only the cluster can tell (its task slots) before any run exists. */
    interface Provider {
        String name();

        /** {@code configYaml}: the experiment's resolved configuration, which every worker builds its part from. */
        Workers open(String configYaml, int workers, String master);
    }

    /** Trains from {@code start} (null: the first step) as a trainer on this machine would, the listener called on this thread. */
    Checkpoint train(Checkpoint start, Trainer.StepListener listener, Observer observer);

    /** Releases the cluster; closing twice is allowed (the run closes them after training and again at its end). */
    @Override
    void close();

    /** The workers of {@code --executor NAME} for this configuration. */
    static Workers open(String executor, String configYaml, int workers, String master) {
        List<String> names = new ArrayList<>(List.of("local"));
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p.name().equals(executor)) return p.open(configYaml, workers, master);
            names.add(p.name());
        }
        throw new ConfigException("--executor", executor.equals("spark") ? "spark needs the langevin-spark module on the class path: run "
                + "through ./langevin, which adds modules/spark/target/langevin-spark.jar for --executor spark, after mvn install"
                : "'" + executor + "' does not train on workers; choose one of " + names);
    }
}
