package org.langevin.experiment.workers;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import org.langevin.core.Settings;
import org.langevin.core.TrainableScore;
import org.langevin.experiment.assembly.Conditioning;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.assembly.TrainingInput;
import org.langevin.experiment.assembly.WorkerKeys;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.training.Checkpoint;
import org.langevin.training.DivergedElsewhere;
import org.langevin.training.DivergenceException;
import org.langevin.training.Peers;
import org.langevin.training.PeriodicAveraging;
import org.langevin.training.Trainer;
import org.langevin.training.TrainingStopped;
import org.langevin.training.workers.Coordinator;
import org.langevin.training.workers.TimedPeers;
import org.langevin.training.workers.WorkerBody;
import org.langevin.training.workers.WorkerLink;

/**
 * One worker of train.workers: the experiment's parts from its configuration (the same seed gives every worker the same
 * initial weights), its shard of every batch from sharded streams (together the workers draw what one process drawing
 * train.workers × train.batch_size rows draws), and training with {@link PeriodicAveraging} over its peers, reported to
 * the driver's {@link Coordinator}.
 */
public final class WorkerTraining implements WorkerBody {
    private static final int CONNECT_MILLIS = 60_000;

    @Override
    public void train(String configYaml, Peers peers, int attempt, InetSocketAddress coordinator, Consumer<Closeable> lines)
            throws IOException {
        ExperimentParts parts = ExperimentParts.build(ExperimentConfig.fromYaml(configYaml, "worker " + peers.rank(), List.of()));
        Settings s = parts.settings();
        int syncEvery = s.integer("train.sync_every", 1);
        TimedPeers timed = new TimedPeers(peers);
        TrainableScore net = parts.trainable().orElseThrow();
        try (WorkerLink link = WorkerLink.connect(coordinator, peers.rank(), attempt, CONNECT_MILLIS)) {
            lines.accept(link);
            Checkpoint start = link.start();
            PeriodicAveraging exchange = new PeriodicAveraging(timed, syncEvery, WorkerKeys.outer(s));
            Trainer trainer = new Trainer(parts.loss().orElseThrow(), parts.training().orElseThrow(), exchange);
            Reporter reporter = new Reporter(link, peers.rank(), syncEvery, parts, timed, start == null ? 0 : start.step());
            try {
                Checkpoint done = trainer.train(net, TrainingInput.rows(parts), Conditioning.training(net, parts.plan()).orElse(null),
                        parts.streams().shard(peers.rank(), peers.size()), start, reporter);
                if (peers.rank() == 0) link.done(done);
            } catch (TrainingStopped e) {
                if (peers.rank() == 0) link.stopped(e.checkpoint());
            } catch (DivergedElsewhere e) {
                // ends with the others; the worker that diverged reports it
            } catch (DivergenceException e) {
                // with gradients averaged every worker holds the same state; else the coordinator's last checkpoint is the good one
                link.diverged(e.step(), "worker " + peers.rank() + ": " + e.getMessage(), syncEvery == 1 ? e.lastGood() : null);
            }
        }
    }

    /** A worker's listener: rank 0 passes training's events on; every worker its figures, and asks at sync points whether to stop. */
    private static final class Reporter implements Trainer.StepListener {
        private final WorkerLink link;
        private final boolean first;
        private final int syncEvery;
        private final int logEvery;
        private final int previewEvery;
        private final int evalEvery;
        private final int steps;
        private final TimedPeers timed;
        private long since = System.nanoTime();
        private int sinceStep;
        private double waitedBefore;

        Reporter(WorkerLink link, int rank, int syncEvery, ExperimentParts parts, TimedPeers timed, int firstStep) {
            this.link = link;
            this.first = rank == 0;
            this.syncEvery = syncEvery;
            this.logEvery = parts.plan().logEvery();
            this.previewEvery = parts.settings().integer("train.sample_every", 0);
            this.evalEvery = parts.settings().integer("train.eval_every", 0);
            this.steps = parts.training().orElseThrow().steps();
            this.timed = timed;
            this.sinceStep = firstStep;
        }

        @Override
        public void onStep(int step, double loss, double gradNorm, double learningRate) {
            if (first) link.step(step, loss, gradNorm, learningRate);
            if (step % logEvery == 0 || step == steps) {
                long now = System.nanoTime();
                double waited = link.waitedSeconds(); // the driver's passes are not this worker's speed
                link.stats(step, (step - sinceStep) / ((now - since) / 1e9 - (waited - waitedBefore)), timed.seconds());
                since = now;
                sinceStep = step;
                waitedBefore = waited;
            }
        }

        @Override
        public void onCheckpoint(Checkpoint checkpoint) {
            if (first) link.checkpoint(checkpoint);
        }

        @Override
        public void onPreview(int step, Checkpoint weights) {
            boolean due = (previewEvery > 0 && step % previewEvery == 0) || (evalEvery > 0 && step % evalEvery == 0);
            if (first && due) link.preview(step, weights);
        }

        @Override
        public boolean stopRequested(int step) {
            return step % syncEvery == 0 && link.askStop(step);
        }
    }
}
