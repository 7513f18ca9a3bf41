package org.langevin.score;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.langevin.nn.UNet;
import org.langevin.nn.UNetSpec;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A clip network told a row is a still mixes nothing across its frames (temporal convolutions and temporal attention off); on a clip it does. */
class StillsTest {
    private static final PixelGrid CLIP = new PixelGrid(3, 1, 4, 4, 17, -1, 1);

    @Test
    void aStillsFramesDoNotReachEachOther() {
        RandomStreams streams = new RandomStreams(41);
        UNet net = new UNet(CLIP, UNetSpec.of(new int[] {4, 8}, 2, 8, 2.0, false).withTemporalAttention(true).withStills(true), DataType.DOUBLE,
                streams.get("init"));
        NetworkScore model = new NetworkScore(net, Parameterization.NOISE, new VpSde(0.1, 20), streams.get("params").normal(DataType.DOUBLE,
                net.parameterCount()).muli(0.3), NetworkConditions.of(0, true, 0));
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 2, CLIP.size());
        INDArray moved = x.dup();
        int frame = CLIP.size() / CLIP.frames();
        moved.get(NDArrayIndex.all(), NDArrayIndex.interval(0, frame)).addi(1.0); // frame 0 of both rows
        NetworkScore rows = model.stills(Nd4j.createFromArray(new double[] {1, 0}).reshape(2, 1));
        INDArray change = rows.score(moved, 0.5).sub(rows.score(x, 0.5));
        double stillOthers = change.get(NDArrayIndex.point(0), NDArrayIndex.interval(frame, CLIP.size())).amaxNumber().doubleValue();
        double clipOthers = change.get(NDArrayIndex.point(1), NDArrayIndex.interval(frame, CLIP.size())).amaxNumber().doubleValue();
        assertThat(stillOthers).as("a still's other frames").isLessThan(1e-12);
        assertThat(clipOthers).as("a clip's other frames").isGreaterThan(1e-6);
        assertThat(model.score(x, 0.5)).as("no flag: every row a clip").isEqualTo(model.stills(Nd4j.zeros(DataType.DOUBLE, 2, 1)).score(x, 0.5));
    }
}
