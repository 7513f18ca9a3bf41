package org.langevin.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.core.Arrays2;
import org.langevin.core.Dataset;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainingRows;

/** Moving-IDX clips on hand-made 2 × 2 images: constant velocity with reflection, held-out images only in test clips, fresh batches on demand. */
class MovingImagesTest {
    @TempDir
    Path dir;

    /** Training image i is uniformly 50 (i + 1) (levels 50..200), labelled i; test images are uniformly 255, labelled 2. */
    private IdxImages folder() throws IOException {
        write("train", new int[] {50, 100, 150, 200});
        write("t10k", new int[] {255, 255});
        return new IdxImages("idx", dir, "put the files there", PixelScale.UNIT, 0, 0);
    }

    private void write(String prefix, int[] levels) throws IOException {
        byte[] pixels = new byte[levels.length * 4];
        byte[] labels = new byte[levels.length];
        for (int i = 0; i < levels.length; i++) {
            Arrays.fill(pixels, 4 * i, 4 * i + 4, (byte) levels[i]);
            labels[i] = (byte) (prefix.equals("train") ? i : 2);
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), IdxImagesTest.idx(3, new int[] {levels.length, 2, 2}, pixels));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), IdxImagesTest.idx(1, new int[] {levels.length}, labels));
    }

    @Test
    void eachItemMovesAtAConstantVelocityReflectedAtTheBorders() throws IOException {
        int frames = 7;
        int canvas = 6;
        Dataset data = new MovingImages(folder(), PixelScale.UNIT, 1, frames, canvas, 2, 20).load(new RandomStreams(3));
        Bounce bounce = new Bounce(canvas, 2, 2);
        double[][] clips = Arrays2.toMatrix(data.train());
        for (double[] clip : clips) {
            int[][] corner = new int[frames][];
            for (int f = 0; f < frames; f++) corner[f] = topLeft(clip, f, canvas);
            // some start and velocity in ±1..±2 per axis reproduce every frame's position
            for (int axis = 0; axis < 2; axis++) {
                boolean found = false;
                for (int start = 0; start < bounce.room() && !found; start++) {
                    for (int code = 0; code < 4 && !found; code++) {
                        boolean all = true;
                        for (int f = 0; f < frames; f++) all &= bounce.reflect(start + bounce.velocity(code) * f) == corner[f][axis];
                        found = all;
                    }
                }
                assertThat(found).as("axis %d of a clip: %s", axis, Arrays.deepToString(corner)).isTrue();
            }
        }
    }

    /** The top-left pixel of the lit 2 × 2 block of frame f. */
    private static int[] topLeft(double[] clip, int f, int canvas) {
        for (int i = 0; i < canvas; i++)
            for (int j = 0; j < canvas; j++) if (clip[(f * canvas + i) * canvas + j] > 0) return new int[] {i, j};
        throw new AssertionError("frame " + f + " is dark");
    }

    @Test
    void heldOutClipsShowOnlyTestImagesAndTrainingBatchesAreBuiltFreshFromTheStream() throws IOException {
        Dataset data = new MovingImages(folder(), PixelScale.UNIT, 1, 3, 4, 1, 16).load(new RandomStreams(3));
        assertThat(data.test().maxNumber().doubleValue()).isEqualTo(1.0);
        assertThat(data.train().maxNumber().doubleValue()).isLessThan(1.0);
        assertThat(data.labels().orElseThrow().test()).containsOnly(2);
        assertThat(data.train().rows()).isEqualTo(16);
        assertThat(data.grid().orElseThrow().frames()).isEqualTo(3);

        TrainingRows source = data.onDemand().orElseThrow();
        TrainingRows.Drawn first = source.draw(5, new RandomStreams(9).get("train/batch"));
        assertThat(first.rows().equalsWithEps(source.draw(5, new RandomStreams(9).get("train/batch")).rows(), 0))
                .as("same stream, same clips").isTrue();
        var stream = new RandomStreams(9).get("train/batch");
        source.draw(5, stream);
        assertThat(source.draw(5, stream).rows().equalsWithEps(first.rows(), 0)).as("the next draw is fresh").isFalse();
        // a clip's class is its item's: image i (level 50 (i + 1)) has class i
        for (int c = 0; c < 5; c++) {
            int image = (int) Math.round(first.rows().getRow(c).maxNumber().doubleValue() * 255 / 50) - 1;
            assertThat(first.labels()[c]).isEqualTo(image);
        }
        assertThat(source.digest()).isEqualTo(new MovingImages(folder(), PixelScale.UNIT, 1, 3, 4, 1, 8).load(new RandomStreams(1))
                .onDemand().orElseThrow().digest())
                .isNotEqualTo(new MovingImages(folder(), PixelScale.UNIT, 1, 4, 4, 1, 8).load(new RandomStreams(1)).onDemand().orElseThrow()
                        .digest());
    }

    @Test
    void twoOverlappingItemsShowTheBrighterPixel() throws IOException {
        // a canvas the size of an item: both items sit still on it, so every pixel is the brighter item's level. The
        // first item is known by the clip's class (image i has class i and level 50 (i + 1)): the pixel is never darker
        // than it, and brighter whenever the second item is
        Dataset data = new MovingImages(folder(), PixelScale.UNIT, 2, 2, 2, 1, 40).load(new RandomStreams(5));
        double[][] clips = Arrays2.toMatrix(data.train());
        int brighter = 0;
        for (int c = 0; c < clips.length; c++) {
            for (double v : clips[c]) assertThat(v).isEqualTo(clips[c][0]);
            long level = Math.round(clips[c][0] * 255);
            long first = 50L * (data.labels().orElseThrow().train()[c] + 1);
            assertThat(level).as("clip %d", c).isGreaterThanOrEqualTo(first).isIn(50L, 100L, 150L, 200L);
            if (level > first) brighter++;
        }
        // the second item is brighter than the first in 6 of 16 pairs: a minimum would never show it
        assertThat(brighter).isPositive();
    }
}
