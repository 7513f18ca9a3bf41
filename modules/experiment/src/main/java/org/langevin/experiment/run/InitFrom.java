package org.langevin.experiment.run;

import java.io.IOException;
import java.util.List;
import org.langevin.core.ConfigException;
import org.langevin.core.TrainableScore;
import org.langevin.experiment.TempFolder;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.nn.UNet;
import org.langevin.score.NetworkScore;
import org.langevin.score.ScoreModule;
import org.langevin.tracking.RunRecord;
import org.langevin.tracking.Tracker;
import org.langevin.training.Checkpoint;
import org.mlflow.tracking.MlflowClientException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * score.init_from: a factorized clip U-Net starts from the trained spatial layers of a FINISHED image run (video models
 * started from image models, Ho et al. 2022); its temporal layers start as usual. The image run's weights are those it
 * evaluated (its EMA choice). Convolutions do not depend on the picture's size, so the clips' frames may be larger than
 * the images; the channels per pixel, the network's widths, groups, attention, classes and time embedding, the
 * parameterization (with edm its σ_d), the pixel scale and the seed (which draws the embedding's random frequencies) must
 * be the image run's. The temporal layers start at their usual random values, so the clip network starts near, not at,
 * the image network on every frame; attention over every frame and pixel starts from the image run's attention weights.
 * Checked and applied before the clip run exists, so a mismatch is bad input.
 */
final class InitFrom {
    private static final String KEY = "score.init_from";

    private InitFrom() {}

    /** Puts the image run's spatial layers into the parts' fresh network, when score.init_from names a run. */
    static void apply(ExperimentParts parts, Tracker tracker) throws IOException {
        String runId = parts.settings().string(KEY);
        if (runId.isBlank()) return;
        UNet clipNet = unet(parts.trainable().orElse(null));
        if (clipNet == null) throw new ConfigException(KEY, "starts a clip U-Net (score.type unet) from an image run: leave it empty");
        if (!tracker.online()) throw new ConfigException(KEY, "reads a run from the MLflow server; tracking.offline is true");
        try (TempFolder work = TempFolder.create("langevin-init-")) {
            RunRecord record = tracker.getRun(runId);
            if (!record.finished()) throw new ConfigException(KEY, "run '" + runId + "' is " + record.status() + ": give a FINISHED image run");
            if (!tracker.listArtifacts(runId, "checkpoint").contains("checkpoint/final.ckpt")) {
                throw new ConfigException(KEY, "run '" + runId + "' has no checkpoint/final.ckpt: give a run that trained a network");
            }
            ExperimentParts image = ExperimentParts.build(ExperimentConfig.fromRun(tracker, runId, List.of(), KEY));
            UNet imageNet = unet(image.trainable().orElse(null));
            if (imageNet == null || imageNet.grid().frames() != 1) {
                throw new ConfigException(KEY, "run '" + runId + "' did not train a U-Net on images (score.type unet on an image data.type)");
            }
            if (imageNet.grid().channels() != clipNet.grid().channels()) {
                throw new ConfigException(KEY, "run '" + runId + "' trained on images of " + imageNet.grid().channels() + " channels, these frames "
                        + "have " + clipNet.grid().channels());
            }
            for (String key : List.of("score.parameterization", "seed", "score.groups", "score.conditional", "data.scale")) {
                if (!image.settings().string(key).equals(parts.settings().string(key))) {
                    throw new ConfigException(KEY, "run '" + runId + "' has " + key + " " + image.settings().string(key) + ", this run "
                            + parts.settings().string(key) + ": the spatial layers carry over only with the same");
                }
            }
            if (ScoreModule.scalesBySigmaData(image.settings())) {
                double sigmaImages = image.data().sigmaData(image.settings());
                double sigmaClips = parts.data().sigmaData(parts.settings());
                if (Math.abs(sigmaImages - sigmaClips) > 1e-6 * sigmaImages) {
                    throw new ConfigException(KEY, "run '" + runId + "' scaled its inputs by σ_d = " + sigmaImages + ", this run by " + sigmaClips
                            + ": set score.sigma_data " + sigmaImages);
                }
            }
            Checkpoint done = Checkpoint.load(tracker.downloadArtifact(runId, "checkpoint/final.ckpt", work.resolve("final.ckpt")));
            INDArray trained = EmaChoice.evaluated(done, image.settings().vector("train.ema_std"), record.tags().get("ema_choice"));
            INDArray start = parts.trainable().get().parameters();
            try {
                start.assign(clipNet.withSpatialLayersOf(imageNet, trained.castTo(start.dataType()), start));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(KEY, "run '" + runId + "' has another network (" + e.getMessage() + "): use its score.channels, "
                        + "score.groups, score.attention, score.embedding_dim and score.fourier_scale");
            }
        } catch (MlflowClientException e) {
            throw new ConfigException(KEY, "run '" + runId + "' cannot be read from MLflow: " + e.getMessage());
        }
    }

    private static UNet unet(TrainableScore net) {
        return net instanceof NetworkScore n && n.network() instanceof UNet u ? u : null;
    }
}
