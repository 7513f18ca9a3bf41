package org.langevin.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The U-Net's shapes, its tape's gradients and tangents against central finite differences (double precision), and frame mixing. */
class UNetTest {
    private static final double H = 1e-6;
    private static final PixelGrid IMAGE = new PixelGrid(1, 1, 8, 8, 17, -1, 1);
    private static final PixelGrid CLIP = new PixelGrid(4, 1, 8, 8, 17, -1, 1);
    private final RandomStreams streams = new RandomStreams(7);

    private UNet net(PixelGrid grid) {
        return net(grid, false);
    }

    private UNet net(PixelGrid grid, boolean attention) {
        return new UNet(grid, new int[] {4, 8}, 2, 8, 2.0, attention, DataType.DOUBLE, new RandomStreams(3).get("init"));
    }

    /** The clip's frames as the channels of one image: the stacked video network (score.video: stacked). */
    private static final PixelGrid STACKED = new PixelGrid(1, 4, 8, 8, 17, -1, 1);

    /** Images and clips, each without and with the self-attention block, a clip with temporal attention, and a clip stacked as channels. */
    private UNet[] variants() {
        UNet temporal = new UNet(CLIP, UNetSpec.of(new int[] {4, 8}, 2, 8, 2.0, false).withTemporalAttention(true), DataType.DOUBLE,
                new RandomStreams(3).get("init"));
        return new UNet[] {net(IMAGE), net(CLIP), net(IMAGE, true), net(CLIP, true), temporal, net(STACKED)};
    }

    @Test
    void temporalAttentionMixesOnlyAlongTheFramesOfEachPixel() {
        Tape.Layout layout = new Tape.Layout();
        SelfAttention attention = new SelfAttention(layout, 4, 0, 3, true); // along the frames; no group norm: it would couple the pixels
        INDArray params = streams.get("attention").normal(DataType.DOUBLE, layout.count());
        INDArray h = streams.get("h").normal(DataType.DOUBLE, 6, 2, 2, 4); // 2 clips of 3 frames, 2 × 2 pixels, 4 channels
        Tape tape = new Tape(params);
        INDArray before = attention.apply(tape, tape.input(h)).value;
        INDArray moved = h.dup();
        moved.putScalar(new long[] {1, 1, 0, 2}, h.getDouble(1, 1, 0, 2) + 1); // clip 0, frame 1, pixel (1, 0)
        INDArray after = attention.apply(tape, tape.input(moved)).value;
        for (int row = 0; row < 6; row++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    double change = after.get(NDArrayIndex.point(row), NDArrayIndex.point(y), NDArrayIndex.point(x), NDArrayIndex.all())
                            .sub(before.get(NDArrayIndex.point(row), NDArrayIndex.point(y), NDArrayIndex.point(x), NDArrayIndex.all()))
                            .amaxNumber().doubleValue();
                    boolean samePixelSameClip = row < 3 && y == 1 && x == 0;
                    if (samePixelSameClip) assertThat(change).as("frame %d of the moved pixel", row).isGreaterThan(1e-6);
                    else assertThat(change).as("row %d pixel (%d, %d)", row, y, x).isLessThan(1e-12);
                }
            }
        }
    }

    /** Random parameters (the output layer is zero at initialisation, which would hide every other gradient). */
    private INDArray parameters(UNet net) {
        return streams.get("params").normal(DataType.DOUBLE, net.parameterCount()).muli(0.3);
    }

    @Test
    void outputHasTheShapeOfTheDataRows() {
        for (UNet net : variants()) {
            PixelGrid grid = net.grid();
            INDArray x = streams.get("x").normal(DataType.DOUBLE, 3, grid.size());
            INDArray t = streams.get("t").uniform(DataType.DOUBLE, 0, 1, 3, 1);
            assertThat(net.forward(net.initialParameters(streams.get("init")), x, t).output().shape()).containsExactly(3, grid.size());
        }
    }

    @Test
    void initialOutputIsZeroAndParametersAreFinite() {
        UNet net = net(IMAGE);
        INDArray params = net.initialParameters(streams.get("init"));
        assertThat(params.isInfinite().any() || params.isNaN().any()).isFalse();
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 2, IMAGE.size());
        INDArray t = streams.get("t").uniform(DataType.DOUBLE, 0, 1, 2, 1);
        assertThat(net.forward(params, x, t).output().amaxNumber().doubleValue()).isZero();
    }

    @Test
    void parameterGradientMatchesFiniteDifferences() {
        for (UNet net : variants()) {
            PixelGrid grid = net.grid();
            INDArray params = parameters(net);
            INDArray x = streams.get("x").normal(DataType.DOUBLE, 2, grid.size());
            INDArray t = streams.get("t").uniform(DataType.DOUBLE, 0, 1, 2, 1);
            INDArray w = streams.get("w").normal(DataType.DOUBLE, 2, grid.size());
            FiniteDifferences.assertParameterGradient(net, params, x, t, w, 0, params.length(), 97);
        }
    }

    @Test
    void vectorJacobianProductMatchesFiniteDifferences() {
        for (UNet net : variants()) {
            PixelGrid grid = net.grid();
            INDArray params = parameters(net);
            INDArray x = streams.get("x").normal(DataType.DOUBLE, 2, grid.size());
            INDArray t = streams.get("t").uniform(DataType.DOUBLE, 0, 1, 2, 1);
            INDArray w = streams.get("w").normal(DataType.DOUBLE, 2, grid.size());
            INDArray v = streams.get("v").normal(DataType.DOUBLE, 2, grid.size());
            // wᵀ (∂F/∂x) v two ways: the VJP of w dotted with v, and a central difference of wᵀ F along v
            double viaVjp = net.forward(params, x, t).inputGradient(w).mul(v).sumNumber().doubleValue();
            double plus = net.forward(params, x.add(v.mul(H)), t).output().mul(w).sumNumber().doubleValue();
            double minus = net.forward(params, x.sub(v.mul(H)), t).output().mul(w).sumNumber().doubleValue();
            assertThat(viaVjp).isCloseTo((plus - minus) / (2 * H), within(1e-6 * Math.max(1, Math.abs(viaVjp))));
        }
    }

    /** Forward mode on the tape (Jacobian–vector products) and reverse over it, for images and clips, with and without attention. */
    @Test
    void tangentAndTheReversePassesOverItMatchFiniteDifferences() {
        for (UNet net : variants()) {
            PixelGrid grid = net.grid();
            INDArray x = streams.get("x").normal(DataType.DOUBLE, 2, grid.size());
            INDArray t = streams.get("t").uniform(DataType.DOUBLE, 0, 1, 2, 1);
            INDArray[] directions = new INDArray[4];
            for (int k = 0; k < directions.length; k++) directions[k] = streams.get("d" + k).normal(DataType.DOUBLE, 2, grid.size());
            FiniteDifferences.assertTangentPasses(net, parameters(net), x, t, directions[0], directions[1], directions[2], directions[3], 89);
        }
    }

    @Test
    void clipNetworkMixesFramesAndKeepsSamplesApartWithAndWithoutAttention() {
        for (boolean attention : new boolean[] {false, true}) {
            framesMixAndSamplesStayApart(net(CLIP, attention));
        }
    }

    private void framesMixAndSamplesStayApart(UNet clipNet) {
        INDArray params = parameters(clipNet);
        INDArray x = streams.get("x").normal(DataType.DOUBLE, 2, CLIP.size());
        INDArray t = streams.get("t").uniform(DataType.DOUBLE, 0, 1, 2, 1);
        INDArray changed = x.dup();
        changed.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, CLIP.frameSize())).addi(1.0); // frame 0 of clip 0
        INDArray before = clipNet.forward(params, x, t).output();
        INDArray after = clipNet.forward(params, changed, t).output();
        INDArray diff = after.sub(before);
        // frame 3 of clip 0 sees frame 0 through the temporal layers; clip 1 is untouched
        assertThat(diff.get(NDArrayIndex.point(0), NDArrayIndex.interval(3 * CLIP.frameSize(), 4 * CLIP.frameSize())).amaxNumber().doubleValue())
                .isGreaterThan(1e-6);
        assertThat(diff.get(NDArrayIndex.point(1), NDArrayIndex.all()).amaxNumber().doubleValue()).isZero();
    }

    @Test
    void repeatedTrainingPassesAtTheExperimentSizesGiveTheSameGradient() {
        UNet net = new UNet(IMAGE, new int[] {32, 64}, 8, 32, 16.0, false, DataType.FLOAT, new RandomStreams(3).get("init"));
        INDArray params = net.initialParameters(streams.get("init"));
        INDArray x = streams.get("x").normal(DataType.FLOAT, 16, IMAGE.size());
        INDArray t = streams.get("t").uniform(DataType.FLOAT, 0, 1, 16, 1);
        INDArray w = streams.get("w").normal(DataType.FLOAT, 16, IMAGE.size());
        INDArray first = net.forward(params, x, t).parameterGradient(w);
        INDArray second = net.forward(params, x, t).parameterGradient(w);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void rejectsImagesThatCannotBeHalvedAndChannelsThatDoNotSplitIntoGroups() {
        assertThatThrownBy(() -> new UNet(new PixelGrid(1, 1, 6, 6, 17, -1, 1), new int[] {4, 8, 8}, 2, 8, 2.0, false, DataType.DOUBLE,
                streams.get("init"))).hasMessageContaining("not divisible by 4");
        assertThatThrownBy(() -> new UNet(IMAGE, new int[] {6}, 4, 8, 2.0, false, DataType.DOUBLE, streams.get("init")))
                .hasMessageContaining("not divisible by 4 groups");
    }
}
