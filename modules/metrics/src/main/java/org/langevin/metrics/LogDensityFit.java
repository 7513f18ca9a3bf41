package org.langevin.metrics;

import java.util.Arrays;
import org.hipparchus.stat.correlation.PearsonsCorrelation;
import org.hipparchus.stat.correlation.SpearmansCorrelation;
import org.hipparchus.stat.descriptive.moment.StandardDeviation;

/**
 * How well an unnormalized log density −E ranks and spaces points against the exact log p: Spearman's rank correlation
 * (ranking), Pearson's correlation (spacing), and the spread (standard deviation) of log p − (−E) over the points, which
 * is 0 for a perfect model because the two then differ by the normalizing constant only. The pooled spread within groups
 * (a mixture's components) separates the shape of each mode from the levels of the modes against each other, which a
 * score learned near the data does not pin down.
 */
public record LogDensityFit(double pearson, double spearman, double offsetStd, double offsetStdWithin) {

    /** @param groups each point's group (0 to G − 1) */
    public static LogDensityFit of(double[] model, double[] exact, int[] groups) {
        int n = model.length;
        double[] offset = new double[n];
        for (int i = 0; i < n; i++) offset[i] = exact[i] - model[i];
        int count = Arrays.stream(groups).max().orElse(0) + 1;
        double[] sums = new double[count];
        int[] sizes = new int[count];
        for (int i = 0; i < n; i++) {
            sums[groups[i]] += offset[i];
            sizes[groups[i]]++;
        }
        double within = 0;
        for (int i = 0; i < n; i++) within += Math.pow(offset[i] - sums[groups[i]] / sizes[groups[i]], 2);
        int occupied = (int) Arrays.stream(sizes).filter(s -> s > 0).count();
        return new LogDensityFit(new PearsonsCorrelation().correlation(model, exact), new SpearmansCorrelation().correlation(model, exact),
                new StandardDeviation().evaluate(offset), Math.sqrt(within / Math.max(1, n - occupied)));
    }
}
