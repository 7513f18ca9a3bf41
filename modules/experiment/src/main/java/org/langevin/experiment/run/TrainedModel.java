package org.langevin.experiment.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.langevin.core.Arrays2;
import org.langevin.core.ConfigException;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.ScoreModel;
import org.langevin.experiment.Home;
import org.langevin.experiment.TempFolder;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.evaluation.NfeSweep;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;
import org.langevin.training.Checkpoint;
import org.mlflow.tracking.MlflowClientException;

/**
 * The parts and score of a model to sample from or evaluate: from an experiment file (oracle scores only), or from a
 * finished run's resolved config and checkpoint downloaded from MLflow (EMA weights).
 */
public record TrainedModel(ExperimentConfig config, ExperimentParts parts, ScoreModel score) {

    public static TrainedModel load(Path configFile, String runId, List<String> sets, Map<String, String> env) throws IOException {
        if ((configFile == null) == (runId == null)) throw new ConfigException("--config/--run", "give exactly one of --config FILE or --run RUN_ID");
        if (configFile != null) {
            ExperimentConfig config = ExperimentConfig.load(configFile, sets);
            ExperimentParts parts = ExperimentParts.build(config);
            if (parts.trainable().isPresent()) {
                throw new ConfigException("score.type", "'" + parts.settings().string("score.type")
                        + "' needs trained weights: pass --run RUN_ID of a finished run, or use "
                        + Catalogue.scores().choicesOffering(Need.EXACT_SCORE));
            }
            return new TrainedModel(config, parts, parts.score());
        }
        try (TempFolder work = TempFolder.create("langevin-model-");
             Tracker tracker = TrackingSetup.connect(env.get("MLFLOW_TRACKING_URI"), Home.path(), env)) {
            ExperimentConfig config = ExperimentConfig.fromRun(tracker, runId, sets, "--run");
            ExperimentParts parts = ExperimentParts.build(config);
            if (parts.trainable().isEmpty()) return new TrainedModel(config, parts, parts.score());
            if (!tracker.listArtifacts(runId, "checkpoint").contains("checkpoint/final.ckpt")) {
                throw new ConfigException("--run", "run '" + runId + "' (" + tracker.getRun(runId).status() + ") has no checkpoint/final.ckpt: "
                        + "only a training run that finished training has weights to sample from or evaluate");
            }
            Path ckpt = tracker.downloadArtifact(runId, "checkpoint/final.ckpt", work.resolve("final.ckpt"));
            Checkpoint done = Checkpoint.load(ckpt);
            String choice = tracker.getRun(runId).tags().get("ema_choice"); // with train.ema power, the weights the run evaluated
            return new TrainedModel(config, parts, parts.trainable().get().withParameters(EmaChoice.evaluated(done, parts.settings()
                    .vector("train.ema_std"), choice)));
        } catch (MlflowClientException e) {
            throw new ConfigException("--run", "run '" + runId + "' cannot be read from MLflow: " + e.getMessage());
        }
    }

    /** This model's NFE sweep ({@link NfeSweep}) against its test split, the bandwidth set by as many training rows. */
    public List<NfeSweep.Point> nfeSweep(List<String> samplers, int[] budgets) {
        double[][] test = Arrays2.toMatrix(parts.data().test());
        double[][] reference = Arrays2.toMatrix(Arrays2.firstRows(parts.data().train(), test.length));
        return NfeSweep.of(config, parts, score, samplers, budgets, test, reference, null);
    }
}
