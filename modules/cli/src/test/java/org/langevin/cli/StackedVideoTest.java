package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** score.video: stacked, the frames of a clip as channels of one 2-D U-Net, in a whole run on clips. */
class StackedVideoTest {
    @Test
    void aStackedVideoNetworkTrainsAndSamplesClips() throws Exception {
        Cli r = Cli.run(ImageEndToEndTest.withClipSets("run", Cli.experiment("clips-vp.yaml"), "--json", "--set", "score.video=stacked"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode metrics = new ObjectMapper().readTree(r.lastLine()).get("metrics");
        for (String metric : List.of("test_bits_per_dim", "clip_speed_px", "clip_motion_error_px", "fvd_features")) {
            assertThat(metrics.get(metric).asDouble()).as(metric).isFinite();
        }
    }
}
