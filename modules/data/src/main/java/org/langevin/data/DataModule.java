package org.langevin.data;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.langevin.core.ConfigException;
import org.langevin.core.Factories.DataFactory;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Settings;

/** Registers the data sets by their {@code data.type} name. */
public final class DataModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, DataFactory> data = MapBinder.newMapBinder(binder(), String.class, DataFactory.class);
        data.addBinding("ring").toInstance(s -> SyntheticData.of("ring",
                ToyDistributions.ring(s.integer("data.components", 1), s.positive("data.radius"), s.positive("data.std")),
                trainSize(s), testSize(s)));
        data.addBinding("checkerboard").toInstance(s -> new SyntheticData("checkerboard",
                ToyDistributions::checkerboard, java.util.Optional.empty(), trainSize(s), testSize(s)));
        data.addBinding("swiss_roll").toInstance(s -> {
            double noise = s.number("data.noise", 0, Double.POSITIVE_INFINITY);
            return new SyntheticData("swiss_roll", (n, r) -> ToyDistributions.swissRoll(n, noise, r), java.util.Optional.empty(), trainSize(s), testSize(s));
        });
        data.addBinding("moons").toInstance(s -> {
            double noise = s.number("data.noise", 0, Double.POSITIVE_INFINITY);
            return new SyntheticData("moons", (n, r) -> ToyDistributions.twoMoons(n, noise, r), java.util.Optional.empty(), trainSize(s), testSize(s));
        });
        data.addBinding("gaussian").toInstance(s -> {
            double[] mean = s.vector("data.mean");
            try {
                return SyntheticData.of("gaussian", GaussianMixture.of(new double[] {1}, new double[][] {mean},
                        new double[][][] {s.matrix("data.covariance")}), trainSize(s), testSize(s));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("data.covariance", e.getMessage());
            }
        });
        data.addBinding("gmm").toInstance(s -> SyntheticData.of("gmm", mixture(s), trainSize(s), testSize(s)));
        data.addBinding("digits").toInstance(s -> new DigitImages(scale(s), s.number("data.test_fraction", 1e-9, 0.9)));
        data.addBinding("moving_digits").toInstance(s -> new MovingDigits(scale(s), s.integer("data.frames", 1),
                s.integer("data.canvas", Digits.SIDE), s.integer("data.max_speed", 1), trainSize(s), testSize(s),
                s.number("data.test_fraction", 1e-9, 0.9)));
        data.addBinding("csv").toInstance(s -> {
            String path = s.string("data.path");
            if (path.isBlank()) throw new ConfigException("data.path", "data.type 'csv' needs a file path");
            Path file = Path.of(path);
            if (!Files.isReadable(file)) throw new ConfigException("data.path", "file '" + path + "' does not exist or is not readable");
            return new CsvData(file, s.number("data.test_fraction", 1e-9, 0.9));
        });
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
        try {
            return GaussianMixture.of(weights, means, covs.toArray(new double[0][][]));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("data.covariances", e.getMessage());
        }
    }

    private static double[] uniform(int k) {
        double[] w = new double[k];
        java.util.Arrays.fill(w, 1.0 / k);
        return w;
    }
}
