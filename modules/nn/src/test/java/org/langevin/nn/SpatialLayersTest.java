package org.langevin.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A clip U-Net started from an image U-Net's spatial layers computes, with its temporal layers at zero, the image network on every frame. */
class SpatialLayersTest {
    private static final PixelGrid IMAGE = new PixelGrid(1, 1, 4, 4, 17, -1, 1);
    private static final PixelGrid CLIP = new PixelGrid(3, 1, 4, 4, 17, -1, 1);

    private static UNet net(PixelGrid grid, int[] widths, int seed) {
        return new UNet(grid, UNetSpec.of(widths, 2, 8, 2.0, false), DataType.DOUBLE, new RandomStreams(seed).get("init/network"));
    }

    @Test
    void withTemporalLayersAtZeroTheClipNetworkIsTheImageNetworkOnEveryFrame() {
        UNet image = net(IMAGE, new int[] {4, 8}, 5);
        UNet clip = net(CLIP, new int[] {4, 8}, 5);
        INDArray trained = new RandomStreams(6).get("trained").normal(DataType.DOUBLE, image.parameterCount()).muli(0.3);
        INDArray start = clip.initialParameters(new RandomStreams(7).get("init"));
        INDArray copied = clip.withSpatialLayersOf(image, trained, start);
        INDArray zeroTemporal = copied.dup();
        for (Tape.Param p : clip.layout().params()) {
            if (p.temporal()) {
                assertThat(p.of(copied)).as("temporal layers keep their start").isEqualTo(p.of(start));
                if (p.shape().length > 3) p.of(zeroTemporal).assign(0); // the 3-tap kernels (norms may stay)
                else if (p.fill() == 0) p.of(zeroTemporal).assign(0);
            }
        }
        INDArray frames = new RandomStreams(8).get("x").normal(DataType.DOUBLE, 6, IMAGE.size());
        INDArray t = Nd4j.createFromArray(new double[] {0.3, 0.7}).reshape(2, 1);
        INDArray clipOut = clip.output(zeroTemporal, frames.reshape('c', 2, CLIP.size()), t);
        INDArray imageOut = image.output(trained, frames, Nd4j.createFromArray(new double[] {0.3, 0.3, 0.3, 0.7, 0.7, 0.7}).reshape(6, 1));
        assertThat(clipOut.reshape('c', 6, IMAGE.size()).sub(imageOut).amaxNumber().doubleValue()).isLessThan(1e-10);
        assertThat(clip.output(copied, frames.reshape('c', 2, CLIP.size()), t).reshape('c', 6, IMAGE.size()).sub(imageOut).amaxNumber()
                .doubleValue()).as("the temporal layers do act").isGreaterThan(1e-6);
    }

    @Test
    void anotherSeedOrOtherWidthsAreRefused() {
        UNet image = net(IMAGE, new int[] {4, 8}, 5);
        INDArray trained = image.initialParameters(new RandomStreams(6).get("trained"));
        UNet otherSeed = net(CLIP, new int[] {4, 8}, 9);
        assertThatThrownBy(() -> otherSeed.withSpatialLayersOf(image, trained, otherSeed.initialParameters(new RandomStreams(1).get("i"))))
                .hasMessageContaining("frequencies");
        UNet wider = net(CLIP, new int[] {8, 8}, 5);
        assertThatThrownBy(() -> wider.withSpatialLayersOf(image, trained, wider.initialParameters(new RandomStreams(1).get("i"))))
                .hasMessageContaining("image network");
    }
}
