package org.langevin.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.langevin.losses.DenoisingScoreMatching;
import org.langevin.losses.NoiseLevels;
import org.langevin.nn.UNet;
import org.langevin.score.NetworkScore;
import org.langevin.score.Parameterization;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** A short DSM training run of the U-Net on structured 8×8 images (a bright bar at a random row) lowers the loss. */
class UNetTrainingTest {
    @Test
    void shortDsmTrainingLowersTheLoss() {
        RandomStreams streams = new RandomStreams(11);
        PixelGrid grid = new PixelGrid(1, 1, 8, 8, 2, -1, 1);
        double[][] images = new double[256][64];
        int[] rows = streams.get("data").integers(images.length, 8);
        for (int i = 0; i < images.length; i++) {
            Arrays.fill(images[i], -1);
            for (int j = 0; j < 8; j++) images[i][rows[i] * 8 + j] = 1;
        }
        VpSde sde = new VpSde(0.1, 20);
        UNet net = new UNet(grid, new int[] {8, 16}, 4, 16, 16.0, false, DataType.FLOAT, streams.get("init"));
        NetworkScore model = new NetworkScore(net, Parameterization.NOISE, sde, net.initialParameters(streams.get("init")));
        DenoisingScoreMatching dsm = new DenoisingScoreMatching(new NoiseLevels(sde, 1e-3, NoiseLevels.Weighting.SIGMA2, false));
        List<Double> losses = new ArrayList<>();
        new Trainer(dsm, new Trainer.Options(150, 32, 3e-3, 10, 1.0, 0.99))
                .train(model, Nd4j.createFromArray(images), streams, null, (step, loss, norm, lr) -> losses.add(loss));
        double first = losses.subList(0, 20).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(130, 150).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        // the untrained network predicts ε̂ = 0, so the σ²-weighted DSM loss starts at E‖ε‖² = D = 64
        assertThat(first).isGreaterThan(20);
        assertThat(last).isLessThan(0.6 * first);
    }
}
