package org.langevin.data;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.langevin.core.DataSource;
import org.langevin.core.Dataset;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainingRows;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code data.type: moving_idx}: Moving-MNIST clips (Srivastava et al. 2015) built from an IDX image set: each clip
 * shows {@code items} images moving at seeded constant velocities on a canvas × canvas frame for {@code frames} frames,
 * reflected at the borders, overlapping items taking the brighter pixel. Training clips are built on demand from the
 * training images for every batch (only the images' bytes stay in memory); {@code n_eval} clips are drawn once from
 * each split for evaluation (streams "data/train", "data/test"), so held-out clips show only test images. A clip's
 * class is its first item's.
 */
public final class MovingImages implements DataSource {
    private final IdxImages source;
    private final PixelScale scale;
    private final int items;
    private final int frames;
    private final int canvas;
    private final int maxSpeed;
    private final int evalClips;
    private final double[] table = new double[IdxImages.LEVELS]; // pixel level → scaled value

    public MovingImages(IdxImages source, PixelScale scale, int items, int frames, int canvas, int maxSpeed, int evalClips) {
        this.source = source;
        this.scale = scale;
        this.items = items;
        this.frames = frames;
        this.canvas = canvas;
        this.maxSpeed = maxSpeed;
        this.evalClips = evalClips;
        for (int k = 0; k < table.length; k++) table[k] = scale.value(k, IdxImages.LEVELS);
    }

    @Override
    public Optional<Path> file() {
        return Optional.of(source.file().orElseThrow());
    }

    @Override
    public Dataset load(RandomStreams streams) {
        Clips train = new Clips(source.raw("train"));
        Clips test = new Clips(source.raw("t10k"));
        int classes = 1 + Math.max(Arrays.stream(train.raw.labels()).max().orElse(0), Arrays.stream(test.raw.labels()).max().orElse(0));
        TrainingRows.Drawn trainEval = train.draw(evalClips, streams.get("data/train"));
        TrainingRows.Drawn testEval = test.draw(evalClips, streams.get("data/test"));
        PixelGrid grid = new PixelGrid(frames, 1, canvas, canvas, IdxImages.LEVELS, scale.low, scale.high);
        return new Dataset("moving_idx", trainEval.rows(), testEval.rows(), Optional.empty(), Optional.empty(), Optional.of(grid),
                Optional.of(new Dataset.Labels(classes, trainEval.labels(), testEval.labels())), Optional.of(train));
    }

    /** Clips of one split's images, built on demand. */
    private final class Clips implements TrainingRows {
        private final IdxImages.Raw raw;
        private final Bounce vertical;
        private final Bounce horizontal;

        Clips(IdxImages.Raw raw) {
            this.raw = raw;
            try {
                this.vertical = new Bounce(canvas, raw.images().rows(), maxSpeed);
                this.horizontal = new Bounce(canvas, raw.images().columns(), maxSpeed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("data.canvas " + canvas + " cannot hold the " + raw.images().rows() + "×" + raw.images()
                        .columns() + " images");
            }
        }

        /** n clips: per item, an image, a start (row, column) and a velocity, all from the stream. */
        @Override
        public Drawn draw(int n, RandomStream stream) {
            int[] pick = stream.integers(n * items, raw.images().count());
            int[] startRows = stream.integers(n * items, vertical.room());
            int[] startCols = stream.integers(n * items, horizontal.room());
            int[] speeds = stream.integers(2 * n * items, 2 * maxSpeed);
            int size = frames * canvas * canvas;
            double[] rows = new double[n * size];
            int[] labels = new int[n];
            int[] levels = new int[size];
            for (int c = 0; c < n; c++) {
                Arrays.fill(levels, 0);
                for (int k = c * items; k < (c + 1) * items; k++) {
                    paint(levels, pick[k], startRows[k], startCols[k], vertical.velocity(speeds[2 * k]), horizontal.velocity(speeds[2 * k + 1]));
                }
                for (int p = 0; p < size; p++) rows[c * size + p] = table[levels[p]];
                labels[c] = raw.labels()[pick[c * items]];
            }
            return new Drawn(Nd4j.createFromArray(rows).reshape(n, size), labels);
        }

        /** One item's path over the frames, as the brighter of it and what is there already. */
        private void paint(int[] levels, int image, int row, int col, int vr, int vc) {
            int h = raw.images().rows();
            int w = raw.images().columns();
            byte[] pixels = raw.images().pixels();
            int offset = image * h * w;
            for (int f = 0; f < frames; f++) {
                int r = vertical.reflect(row + vr * f);
                int c = horizontal.reflect(col + vc * f);
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        int at = (f * canvas + r + i) * canvas + c + j;
                        levels[at] = Math.max(levels[at], Byte.toUnsignedInt(pixels[offset + i * w + j]));
                    }
                }
            }
        }

        /** SHA-256 of the images, their labels and the clip settings. */
        @Override
        public String digest() {
            MessageDigest sha = TrainingRows.sha256();
            int bytes = raw.images().count() * raw.images().pixelsPerImage();
            sha.update(raw.images().pixels(), 0, bytes);
            ByteBuffer rest = ByteBuffer.allocate(4 * (raw.labels().length + 5));
            rest.asIntBuffer().put(raw.labels()).put(new int[] {items, frames, canvas, maxSpeed, raw.images().rows()});
            sha.update(rest.array());
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
