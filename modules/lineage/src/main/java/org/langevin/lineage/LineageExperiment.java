package org.langevin.lineage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sampler;
import org.langevin.core.Sde;
import org.langevin.core.Settings;

/**
 * One step of the lineage from Brownian motion to diffusion models, run as an experiment: it simulates, measures the
 * number the theory predicts, and returns the figures that show it. Chosen by {@code lineage.type}.
 */
@FunctionalInterface
public interface LineageExperiment {
    Outcome run(Context context);

    /**
     * Builds an experiment from its settings, checking them and what it needs of the SDE and the data, so that a bad
     * configuration fails before any run exists.
     */
    @FunctionalInterface
    interface Factory {
        LineageExperiment create(Settings settings, Sde sde, Dataset data);
    }

    /**
     * What an experiment gets when it runs: the configured SDE, data and sampler, the named random streams, and any SDE
     * family by name at its default settings (for comparisons across families).
     */
    record Context(Sde sde, Dataset data, Sampler sampler, RandomStreams streams, Function<String, Sde> family) {}

    /** The data law as a Gaussian mixture (closed-form density and score), which the experiment needs for {@code purpose}. */
    static GaussianMixture mixture(Dataset data, String purpose) {
        return data.truth().orElseThrow(() -> new ConfigException("data.type",
                purpose + " needs a data law with a closed-form density and score, got data.type '" + data.name() + "'"));
    }

    /** The confirming figures (metrics) and the plots. */
    record Outcome(Map<String, Double> metrics, List<Figure> figures) {}

    /**
     * A plot: named series of {x[], y[]}, drawn as lines or points.
     * @param name the artifact's file name without extension
     */
    record Figure(String name, String title, String xLabel, String yLabel, Map<String, double[][]> series, boolean scatter, boolean logY) {
        static Figure lines(String name, String title, String xLabel, String yLabel, boolean logY) {
            return new Figure(name, title, xLabel, yLabel, new LinkedHashMap<>(), false, logY);
        }

        static Figure points(String name, String title, String xLabel, String yLabel) {
            return new Figure(name, title, xLabel, yLabel, new LinkedHashMap<>(), true, false);
        }

        Figure with(String series, double[] x, double[] y) {
            this.series.put(series, new double[][] {x, y});
            return this;
        }

        /** The first two coordinates of points as a series. */
        Figure withPoints(String series, double[][] points) {
            double[] x = new double[points.length];
            double[] y = new double[points.length];
            for (int i = 0; i < points.length; i++) {
                x[i] = points[i][0];
                y[i] = points[i].length > 1 ? points[i][1] : 0;
            }
            return with(series, x, y);
        }
    }
}
