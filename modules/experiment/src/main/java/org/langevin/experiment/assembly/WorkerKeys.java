package org.langevin.experiment.assembly;

import java.util.List;
import org.langevin.core.ConfigException;
import org.langevin.core.Settings;
import org.langevin.training.PeriodicAveraging;

/** The keys of training on several workers, checked with the rest before any run or Spark job exists. */
public final class WorkerKeys {
    private WorkerKeys() {}

    /**
     * train.workers ≥ 1 and train.sync_every ≥ 1; with several workers, the steps where the run reads the weights (the
     * last, checkpoints, previews, FID passes) are sync points, where every worker holds the same state.
     */
    public static void check(Settings s) {
        int workers = workers(s);
        int every = s.integer("train.sync_every", 1);
        PeriodicAveraging.Outer outer = outer(s);
        if (outer != null && (workers == 1 || every == 1)) {
            throw new ConfigException("train.outer", "nesterov steps from the workers' averaged weights (train.workers > 1, train.sync_every > 1); "
                    + "here train.workers is " + workers + " and train.sync_every " + every + ": use average");
        }
        if (workers == 1) return;
        for (String key : new String[] {"train.steps", "train.checkpoint_every", "train.sample_every", "train.eval_every"}) {
            int steps = s.integer(key, 0);
            if (steps % every != 0) {
                throw new ConfigException(key, "with train.workers " + workers + " the weights are read at sync points: make it a multiple of "
                        + "train.sync_every (" + every + "), or 0 where that turns it off; got " + steps);
            }
        }
    }

    /** A run's workers against what runs it: more than one needs a network to train and the executor's workers (not offline). */
    public static void checkRun(ExperimentParts parts, boolean executor) {
        int workers = workers(parts.settings());
        if (workers > 1 && parts.training().isEmpty()) throw new ConfigException("train.workers", "this run trains no network: set it to 1");
        if (!executor && workers > 1) {
            throw new ConfigException("train.workers", "trains one model on " + workers + " Spark tasks: add --executor spark (and --master URL), "
                    + "or set it to 1");
        }
        if (executor && parts.settings().flag("tracking.offline")) {
            throw new ConfigException("--executor", "training on workers logs through the driver to the MLflow server; tracking.offline is true");
        }
    }

    /** train.outer nesterov: DiLoCo's outer step with train.outer_lr and train.outer_momentum; average: null. */
    public static PeriodicAveraging.Outer outer(Settings s) {
        double learningRate = s.positive("train.outer_lr");
        double momentum = s.number("train.outer_momentum", 0, 0.999);
        return s.choice("train.outer", List.of("average", "nesterov")).equals("average") ? null : new PeriodicAveraging.Outer(learningRate, momentum);
    }

    /** The workers a configuration asks for. */
    public static int workers(Settings s) {
        return s.integer("train.workers", 1);
    }
}
