package org.langevin.reports;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.langevin.core.Figure;

/** "mean ± sd" over seeds, the sample standard deviation; the mean alone for one value. */
final class MeanSd {
    private MeanSd() {}

    static <T> String of(List<T> runs, ToDoubleFunction<T> metric, String format) {
        double[] v = runs.stream().mapToDouble(metric).toArray();
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        if (v.length < 2) return Figure.format(format, mean);
        double sd = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
        return Figure.format(format, mean) + " ± " + Figure.format(format, sd);
    }
}
