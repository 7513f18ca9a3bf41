package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.TestServer;
import org.langevin.experiment.run.TrainedModel;
import org.langevin.nn.UNet;
import org.langevin.score.NetworkScore;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * score.init_from: a clip run starts from a FINISHED digits run's spatial layers (8 × 8 images, 12 × 12 frames); runs it
 * cannot start from are refused before the clip run exists.
 */
class InitFromTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aClipRunStartsFromAnImageRunAndRefusesWhatDoesNotFit() throws Exception {
        Cli image = Cli.run("run", Cli.experiment("digits-vp.yaml"), "--json", "--set", "experiment=langevin-tests", "--set",
                "score.channels=[8, 16]", "--set", "score.groups=4", "--set", "score.attention=true", "--set", "train.steps=20", "--set",
                "train.batch_size=8", "--set", "sampler.steps=5", "--set", "sampler.n_samples=8", "--set", "likelihood.enabled=false", "--set",
                "features.steps=0");
        assertThat(image.exitCode()).as(image.err()).isZero();
        String imageRun = JSON.readTree(image.lastLine()).get("run_id").asText();

        // one step at a negligible learning rate: the clip run's final weights are its starting ones
        Cli clips = Cli.run(clipRun("score.init_from=" + imageRun, "train.steps=1", "train.learning_rate=1e-12"));
        assertThat(clips.exitCode()).as(clips.err()).isZero();
        String clipRun = JSON.readTree(clips.lastLine()).get("run_id").asText();
        TrainedModel trained = TrainedModel.load(null, imageRun, List.of(), env());
        TrainedModel clip = TrainedModel.load(null, clipRun, List.of(), env());
        UNet imageNet = (UNet) ((NetworkScore) trained.score()).network();
        UNet clipNet = (UNet) ((NetworkScore) clip.score()).network();
        INDArray start = ((NetworkScore) clip.score()).parameters();
        INDArray copiedAgain = clipNet.withSpatialLayersOf(imageNet, ((NetworkScore) trained.score()).parameters().castTo(start.dataType()), start);
        assertThat(copiedAgain.sub(start).amaxNumber().doubleValue()).as("the clip run started from the image run's spatial layers")
                .isLessThan(1e-6);

        for (String[] bad : List.of(new String[] {"score.init_from=0123456789abcdef0123456789abcdef", "score.init_from"},
                new String[] {"score.init_from=" + clipRun, "did not train a U-Net on images"},
                new String[] {"score.init_from=" + imageRun + "', 'score.channels=[8, 8]", "another network"})) {
            String[] args = bad[0].contains("', '") ? clipRun(bad[0].split("', '")) : clipRun(bad[0]);
            Cli refused = Cli.run(args);
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
            assertThat(refused.err().strip().lines()).as(refused.err()).hasSize(1);
            assertThat(refused.err()).contains("score.init_from").contains(bad[1]);
        }
        Cli onImages = Cli.run("run", Cli.experiment("digits-vp.yaml"), "--set", "score.init_from=" + imageRun);
        assertThat(onImages.exitCode()).isEqualTo(2);
        assertThat(onImages.err()).contains("score.init_from", "single images");
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOW_TRACKING_URI", TestServer.uri());
        return env;
    }

    private static String[] clipRun(String... sets) {
        List<String> extra = new ArrayList<>(List.of("--set", "score.embedding_dim=32", "--set", "likelihood.enabled=false", "--set",
                "features.steps=0"));
        for (String s : sets) extra.addAll(List.of("--set", s));
        List<String> args = new ArrayList<>(List.of(ImageEndToEndTest.withClipSets("run", Cli.experiment("clips-vp.yaml"), "--json")));
        args.addAll(extra);
        return args.toArray(String[]::new);
    }
}
