package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * score.video: stacked, the frames of a clip as channels of one 2-D U-Net, in a whole run on clips, trained with given
 * frames (train.frame_mask_p), then predicting frames from the first two by inverse.method conditional.
 */
class StackedVideoTest {
    @Test
    void aStackedVideoNetworkTrainsAndSamplesClips() throws Exception {
        Cli r = Cli.run(ImageEndToEndTest.withClipSets("run", Cli.experiment("clips-vp.yaml"), "--json", "--set", "score.video=stacked",
                "--set", "train.frame_mask_p=0.5"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.lastLine());
        JsonNode metrics = json.get("metrics");
        for (String metric : List.of("test_bits_per_dim", "clip_speed_px", "clip_motion_error_px", "fvd_features")) {
            assertThat(metrics.get(metric).asDouble()).as(metric).isFinite();
        }
        Cli restore = Cli.run("restore", "--run", json.get("run_id").asText(), "--n", "2", "--json", "--set", "inverse.operator=frames",
                "--set", "inverse.frames=[0, 1]", "--set", "inverse.method=conditional", "--set", "sampler.steps=5");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        JsonNode restored = new ObjectMapper().readTree(restore.lastLine());
        for (String m : List.of("predicted_psnr_db", "predicted_ssim", "copy_frame_psnr_db", "measurement_residual_rms")) {
            assertThat(restored.get(m)).as(m + " in " + restored).isNotNull();
            assertThat(restored.get(m).asDouble()).as(m).isFinite();
        }
        assertThat(restored.get("measurement_residual_rms").asDouble()).as("the given frames are kept").isLessThan(1e-6);
    }
}
