package org.langevin.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.langevin.core.DataSource;
import org.langevin.core.Dataset;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@code data.type: idx} (and {@code fashion_mnist}): an MNIST-like data set in the IDX format from a folder holding
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
 * {@code t10k-labels-idx1-ubyte} (each optionally {@code .gz}). The official test split is the test set; the first
 * {@code max_train} and {@code max_test} images of each split are kept (0: all). Pixels on 256 levels, scaled by
 * {@code data.scale}; each image labelled by its class.
 */
public final class IdxImages implements DataSource {
    /** Where Debian's dataset-fashion-mnist package puts the four files. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    static final int LEVELS = 256;
    private static final int CHUNK = 1024; // images converted per copy into the native array

    private final String name;
    private final Path folder;
    private final String missing; // how to get the files, for the message when they are not there
    private final PixelScale scale;
    private final int maxTrain;
    private final int maxTest;

    public IdxImages(String name, Path folder, String missing, PixelScale scale, int maxTrain, int maxTest) {
        this.name = name;
        this.folder = folder;
        this.missing = missing;
        this.scale = scale;
        this.maxTrain = maxTrain;
        this.maxTest = maxTest;
    }

    /** One split: its pixel rows (n × H W, scaled) and labels. */
    private record Split(INDArray rows, int[] labels, int height, int width) {}

    @Override
    public Optional<Path> file() {
        return Optional.of(folder);
    }

    @Override
    public Dataset load(RandomStreams streams) {
        Split train = split("train");
        Split test = split("t10k");
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new IllegalArgumentException(folder + ": training images are " + train.height() + "x" + train.width() + ", test images "
                    + test.height() + "x" + test.width());
        }
        int classes = 1 + Math.max(Arrays.stream(train.labels()).max().orElse(0), Arrays.stream(test.labels()).max().orElse(0));
        PixelGrid grid = new PixelGrid(1, 1, train.height(), train.width(), LEVELS, scale.low, scale.high);
        return new Dataset(name, train.rows(), test.rows(), Optional.empty(), Optional.empty(), Optional.of(grid),
                Optional.of(new Dataset.Labels(classes, train.labels(), test.labels())));
    }

    /** One split as stored: the first n images' bytes and their labels. */
    record Raw(IdxFile.Images images, int[] labels) {}

    /** The "train" or "t10k" split's images and labels as stored (the first max_train or max_test of them). */
    Raw raw(String prefix) {
        if (!Files.isDirectory(folder)) throw new IllegalArgumentException("no folder " + folder + ": " + missing);
        IdxFile.Images images = IdxFile.images(file(prefix + "-images-idx3-ubyte"));
        int[] labels = IdxFile.labels(file(prefix + "-labels-idx1-ubyte"));
        if (labels.length != images.count()) {
            throw new IllegalArgumentException(folder + ": " + images.count() + " " + prefix + " images but " + labels.length + " labels");
        }
        int max = prefix.equals("train") ? maxTrain : maxTest;
        int n = max > 0 ? Math.min(max, images.count()) : images.count();
        return new Raw(new IdxFile.Images(n, images.rows(), images.columns(), images.pixels()), Arrays.copyOf(labels, n));
    }

    private Split split(String prefix) {
        Raw raw = raw(prefix);
        IdxFile.Images images = raw.images();
        int[] labels = raw.labels();
        int n = images.count();
        int pixels = images.pixelsPerImage();
        double[] table = new double[LEVELS];
        for (int k = 0; k < LEVELS; k++) table[k] = scale.value(k, LEVELS);
        INDArray rows = Nd4j.create(DataType.DOUBLE, n, pixels);
        for (int from = 0; from < n; from += CHUNK) { // bounded heap: one chunk of doubles at a time
            int to = Math.min(n, from + CHUNK);
            double[] chunk = new double[(to - from) * pixels];
            for (int i = 0; i < chunk.length; i++) chunk[i] = table[Byte.toUnsignedInt(images.pixels()[from * pixels + i])];
            rows.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(Nd4j.createFromArray(chunk).reshape(to - from, pixels));
        }
        return new Split(rows, labels, images.rows(), images.columns());
    }

    /** The file with this stem, compressed or not. */
    private Path file(String stem) {
        for (Path candidate : new Path[] {folder.resolve(stem + ".gz"), folder.resolve(stem)}) {
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new IllegalArgumentException(folder + " has no " + stem + ".gz (or " + stem + "): " + missing);
    }
}
