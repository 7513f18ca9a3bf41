package org.langevin.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.langevin.core.Dataset;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;

/** The bundled digits, their scaling and split, and the moving-digit clips built from them. */
class DigitsTest {
    @Test
    void bundledFileIsTheDocumentedCopy() throws Exception {
        try (InputStream in = Digits.class.getResourceAsStream(Digits.RESOURCE)) {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            assertThat(HexFormat.of().formatHex(hash)).isEqualTo("46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a");
        }
    }

    @Test
    void thereAre1797ImagesOf64CountsFrom0To16() {
        int[][] images = Digits.images();
        assertThat(images).hasNumberOfRows(1797);
        int max = 0;
        for (int[] image : images) {
            assertThat(image).hasSize(64);
            for (int v : image) {
                assertThat(v).isBetween(0, 16);
                max = Math.max(max, v);
            }
        }
        assertThat(max).isEqualTo(16);
    }

    @Test
    void imagesAreScaledToTheirLevelsAndSplitWithoutOverlap() {
        Dataset symmetric = new DigitImages(PixelScale.SYMMETRIC, 0.1).load(new RandomStreams(1));
        assertThat(symmetric.test().rows()).isEqualTo(180);
        assertThat(symmetric.train().rows()).isEqualTo(1617);
        PixelGrid grid = symmetric.grid().orElseThrow();
        assertThat(grid.size()).isEqualTo(64);
        assertThat(grid.spacing()).isEqualTo(2.0 / 16);
        for (double v : symmetric.train().toDoubleMatrix()[5]) {
            double level = (v + 1) / grid.spacing();
            assertThat(level).isCloseTo(Math.rint(level), Assertions.within(1e-9));
        }
        assertThat(symmetric.train().minNumber().doubleValue()).isEqualTo(-1.0);
        assertThat(symmetric.train().maxNumber().doubleValue()).isEqualTo(1.0);
        Dataset unit = new DigitImages(PixelScale.UNIT, 0.1).load(new RandomStreams(1));
        assertThat(unit.train().mul(2).sub(1)).isEqualTo(symmetric.train());
        Set<String> train = new HashSet<>();
        for (double[] row : symmetric.train().toDoubleMatrix()) train.add(Arrays.toString(row));
        int shared = 0;
        for (double[] row : symmetric.test().toDoubleMatrix()) if (train.contains(Arrays.toString(row))) shared++;
        assertThat(shared).as("test images identical to a training image (the UCI set has a few duplicates)").isLessThan(5);
    }

    @Test
    void aClipMovesItsDigitAtConstantVelocityAndReflectsAtTheBorder() {
        MovingDigits clips = new MovingDigits(PixelScale.UNIT, 6, 12, 2, 10, 5, 0.1);
        int[] digit = Digits.images()[0];
        double[] clip = clips.clip(digit, 3, 1, 2, -1);
        Bounce bounce = new Bounce(12, 8, 2);
        // positions 0..4 (canvas 12 − digit 8): rows 3, 5, 7, 9, 11, 13 fold to 3, 3, 1, 1, 3, 3 and columns 1, 0, −1, ...
        // to 1, 0, 1, 2, 3, 4
        int[][] expected = {{3, 1}, {3, 0}, {1, 1}, {1, 2}, {3, 3}, {3, 4}};
        for (int f = 0; f < 6; f++) {
            int r = expected[f][0];
            int c = expected[f][1];
            assertThat(bounce.reflect(3 + 2 * f)).as("row of frame %d", f).isEqualTo(r);
            assertThat(bounce.reflect(1 - f)).as("column of frame %d", f).isEqualTo(c);
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    assertThat(clip[(f * 12 + r + i) * 12 + c + j]).isEqualTo(digit[i * 8 + j] / 16.0);
                }
            }
        }
    }

    @Test
    void clipDataHaveTheirGridAndAreReproducible() {
        MovingDigits source = new MovingDigits(PixelScale.SYMMETRIC, 8, 16, 1, 20, 7, 0.1);
        Dataset a = source.load(new RandomStreams(4));
        Dataset b = source.load(new RandomStreams(4));
        assertThat(a.train()).isEqualTo(b.train());
        assertThat(a.train().shape()).containsExactly(20, 8 * 16 * 16);
        assertThat(a.test().rows()).isEqualTo(7);
        PixelGrid grid = a.grid().orElseThrow();
        assertThat(grid.frames()).isEqualTo(8);
        assertThat(grid.frameSize()).isEqualTo(256);
        // every frame holds the same digit: the same total ink
        double[] clip = a.train().toDoubleMatrix()[0];
        double ink0 = ink(clip, 0, grid);
        for (int f = 1; f < 8; f++) assertThat(ink(clip, f, grid)).isCloseTo(ink0, Assertions.within(1e-9));
    }

    @Test
    void imagesAndClipsCarryTheClassOfTheirDigit() {
        int[][] images = Digits.images();
        int[] classes = Digits.labels();
        assertThat(classes).hasSize(images.length);
        int[] counts = new int[10];
        for (int c : classes) counts[c]++;
        for (int n : counts) assertThat(n).isBetween(170, 190); // the UCI test part: about 180 of each digit
        Dataset digits = new DigitImages(PixelScale.UNIT, 0.1).load(new RandomStreams(5));
        assertThat(digits.labels().orElseThrow().train()).hasSize((int) digits.train().rows());
        // on an 8 × 8 canvas a clip's frames are its digit: find that image and compare its class with the clip's label
        Dataset clips = new MovingDigits(PixelScale.UNIT, 3, 8, 1, 30, 5, 0.1).load(new RandomStreams(6));
        double[][] rows = clips.train().toDoubleMatrix();
        for (int i = 0; i < rows.length; i++) {
            int match = -1;
            for (int k = 0; k < images.length && match < 0; k++) {
                boolean same = true;
                for (int p = 0; p < 64 && same; p++) same = images[k][p] / 16.0 == rows[i][p];
                if (same) match = k;
            }
            assertThat(match).as("clip %d shows a digit of the file", i).isNotNegative();
            assertThat(clips.labels().orElseThrow().train()[i]).isEqualTo(classes[match]);
        }
    }

    private static double ink(double[] clip, int f, PixelGrid grid) {
        double total = 0;
        for (int i = 0; i < grid.frameSize(); i++) total += clip[f * grid.frameSize() + i] + 1;
        return total;
    }
}
