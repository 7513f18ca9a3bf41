package org.langevin.data;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.langevin.core.ConfigException;
import org.langevin.core.Descriptor;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Factories.DataFactory;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Registry;
import org.langevin.core.Settings;

/** The data sets, one registration each; the keys they share are in data.yaml. */
public final class DataModule extends AbstractModule {
    /** Every data set by its {@code data.type} name. */
    public static Registry<DataFactory> registry() {
        return new Registry<DataFactory>("data.type", "data.yaml", DataModule.class)
                .add(Descriptor.of("ring", "Gaussians on a circle (a mixture: exact score and density)").gives(Need.MIXTURE_LAW,
                        Need.LABELS).withFragment(),
                        s -> SyntheticData.of("ring", ToyDistributions.ring(s.integer("data.components", 1), s.positive("data.radius"),
                                s.positive("data.std")), trainSize(s), testSize(s)))
                .add(Descriptor.of("checkerboard", "uniform on the dark squares of a 4 × 4 board"),
                        s -> new SyntheticData("checkerboard", ToyDistributions::checkerboard, Optional.empty(), trainSize(s), testSize(s)))
                .add(Descriptor.of("swiss_roll", "the 2-D swiss roll with Gaussian noise"), s -> {
                    double noise = s.number("data.noise", 0, Double.POSITIVE_INFINITY);
                    return new SyntheticData("swiss_roll", (n, r) -> ToyDistributions.swissRoll(n, noise, r), Optional.empty(),
                            trainSize(s), testSize(s));
                })
                .add(Descriptor.of("moons", "two interleaved half circles with Gaussian noise"), s -> {
                    double noise = s.number("data.noise", 0, Double.POSITIVE_INFINITY);
                    return new SyntheticData("moons", (n, r) -> ToyDistributions.twoMoons(n, noise, r), Optional.empty(), trainSize(s), testSize(s));
                })
                .add(Descriptor.of("gaussian", "one Gaussian of any dimension and full covariance").gives(Need.MIXTURE_LAW, Need.LABELS)
                        .withFragment(), s -> {
                    double[] mean = s.vector("data.mean");
                    try {
                        return SyntheticData.of("gaussian", GaussianMixture.of(new double[] {1}, new double[][] {mean},
                                new double[][][] {s.matrix("data.covariance")}), trainSize(s), testSize(s));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException("data.covariance", e.getMessage());
                    }
                })
                .add(Descriptor.of("gmm", "a Gaussian mixture of any dimension with full covariances").gives(Need.MIXTURE_LAW, Need.LABELS)
                        .withFragment(),
                        s -> SyntheticData.of("gmm", mixture(s), trainSize(s), testSize(s)))
                .add(Descriptor.of("digits", "the UCI 8 × 8 handwritten digits (1,797 images, 17 levels)").gives(Need.PIXEL_GRID, Need.LABELS),
                        s -> new DigitImages(scale(s), s.number("data.test_fraction", 1e-9, 0.9)))
                .add(Descriptor.of("moving_digits", "digits moving on a canvas with reflection: clips").gives(Need.PIXEL_GRID, Need.LABELS)
                        .withFragment(),
                        s -> new MovingDigits(scale(s), s.integer("data.frames", 1), canvas(s, 16, Digits.SIDE),
                                s.integer("data.max_speed", 1), trainSize(s), testSize(s), s.number("data.test_fraction", 1e-9, 0.9)))
                .add(Descriptor.of("idx", "an MNIST-like image set in the IDX format (MNIST, Fashion-MNIST, KMNIST, EMNIST) from data.path")
                        .gives(Need.PIXEL_GRID, Need.LABELS).withFragment(),
                        s -> {
                            String path = s.string("data.path");
                            if (path.isBlank()) throw new ConfigException("data.path",
                                    "data.type 'idx' needs the folder of train-images-idx3-ubyte.gz, "
                                    + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz");
                            return idx("idx", Path.of(path),
                                    "put the four IDX files (train-/t10k-, images-idx3-/labels-idx1-ubyte, .gz or not) there", s);
                        })
                .add(Descriptor.of("fashion_mnist",
                        "Fashion-MNIST (Xiao et al. 2017): 60,000 + 10,000 28 × 28 images, 10 classes, from Debian's package")
                        .gives(Need.PIXEL_GRID, Need.LABELS),
                        s -> fashionOrPath("fashion_mnist", s))
                .add(Descriptor.of("moving_idx",
                        "Moving-MNIST clips (Srivastava et al. 2015) of IDX images, built on demand (default: Fashion-MNIST)")
                        .gives(Need.PIXEL_GRID, Need.LABELS)
                        .withFragment(), s -> {
                            int items = s.integer("data.items", 1);
                            if (items > 2) throw new ConfigException("data.items", "moving_idx moves 1 or 2 items, got " + items);
                            return new MovingImages(fashionOrPath("moving_idx", s), scale(s), items, s.integer("data.frames", 1), canvas(s, 48, 28),
                                    s.integer("data.max_speed", 1), s.integer("data.n_eval", 2));
                        })
                .add(Descriptor.of("csv", "points from a CSV file with header x0,x1,...").withFragment(), s -> {
                    String path = s.string("data.path");
                    if (path.isBlank()) throw new ConfigException("data.path", "data.type 'csv' needs a file path");
                    Path file = Path.of(path);
                    if (!Files.isReadable(file)) throw new ConfigException("data.path", "file '" + path + "' does not exist or is not readable");
                    return new CsvData(file, s.number("data.test_fraction", 1e-9, 0.9));
                });
    }

    @Provides
    @Singleton // one registry per process: every lookup sees the same members
    Registry<DataFactory> data() {
        return registry();
    }

    private static IdxImages idx(String name, Path folder, String missing, Settings s) {
        return new IdxImages(name, folder, missing, scale(s), s.integer("data.max_train", 0), s.integer("data.max_test", 0));
    }

    /** data.path's IDX folder, or Debian's Fashion-MNIST when it is empty. */
    private static IdxImages fashionOrPath(String name, Settings s) {
        String path = s.string("data.path");
        return idx(name, path.isBlank() ? IdxImages.FASHION_MNIST : Path.of(path),
                "install Debian's package (apt-get install dataset-fashion-mnist), or set data.path to a folder with the four IDX files", s);
    }

    /** The file or folder data.type reads (data.path, or Debian's Fashion-MNIST), empty for generated data. */
    public static Optional<Path> file(Settings s) {
        return registry().pick(s).factory().create(s).file();
    }

    /** data.canvas, 0 meaning the data set's default; at least {@code least}. */
    private static int canvas(Settings s, int fallback, int least) {
        int canvas = s.integer("data.canvas", 0);
        if (canvas == 0) return fallback;
        if (canvas < least) throw new ConfigException("data.canvas", "must hold a " + least + "×" + least + " item, got " + canvas);
        return canvas;
    }

    private static PixelScale scale(Settings s) {
        return s.option("data.scale", PixelScale.class);
    }

    private static int trainSize(Settings s) {
        return s.integer("data.n_train", 1);
    }

    private static int testSize(Settings s) {
        return s.integer("data.n_test", 2);
    }

    /** data.weights, data.means and data.covariances as a mixture; errors name the key. */
    static GaussianMixture mixture(Settings s) {
        double[][] means = s.matrix("data.means");
        if (means.length == 0) throw new ConfigException("data.means", "data.type 'gmm' needs a list of component means");
        double[] weights = s.has("data.weights") ? s.vector("data.weights") : uniform(means.length);
        List<double[][]> covs = s.matrices("data.covariances");
        if (weights.length != means.length) throw new ConfigException("data.weights", weights.length + " weights for " + means.length + " means");
        if (covs.size() != means.length) throw new ConfigException("data.covariances", covs.size() + " covariances for " + means.length + " means");
        for (double w : weights) {
            if (!(w > 0) || !Double.isFinite(w)) throw new ConfigException("data.weights", "must be positive, got " + w);
        }
        for (int c = 0; c < means.length; c++) {
            if (means[c].length != means[0].length) {
                throw new ConfigException("data.means", "mean " + c + " has dimension " + means[c].length + ", the first has " + means[0].length);
            }
        }
        try {
            return GaussianMixture.of(weights, means, covs.toArray(new double[0][][]));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("data.covariances", e.getMessage());
        }
    }

    private static double[] uniform(int k) {
        double[] w = new double[k];
        Arrays.fill(w, 1.0 / k);
        return w;
    }
}
