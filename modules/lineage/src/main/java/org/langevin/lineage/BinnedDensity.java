package org.langevin.lineage;

import java.util.Arrays;
import java.util.function.Function;
import org.langevin.core.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A density integrated over the bins of a regular grid on the box [lo, hi]^d (d = 1 or 2), each bin by a midpoint
 * rule on a finer sub-grid, normalised over the box (Z by quadrature). Compares with a histogram of points by the
 * total variation distance ½ Σ_b |n_b/n − P_b| (points outside the box form one more bin, of exact mass 0).
 */
final class BinnedDensity {
    private static final int SUB = 6;
    private final double lo;
    private final double hi;
    private final int bins;
    private final int dim;
    private final double[] mass;
    private final double[][] centres; // of the fine cells
    private final double[] fineMass;
    private final double cellWidth;

    /** @param logDensity log of the (possibly unnormalised) density at the rows of a matrix */
    BinnedDensity(double lo, double hi, int bins, int dim, Function<double[][], double[]> logDensity) {
        if (dim != 1 && dim != 2) throw new IllegalArgumentException("binned densities in 1 or 2 dimensions");
        this.lo = lo;
        this.hi = hi;
        this.bins = bins;
        this.dim = dim;
        int fine = bins * SUB;
        double h = (hi - lo) / fine;
        this.cellWidth = h;
        int cells = dim == 1 ? fine : fine * fine;
        centres = new double[cells][dim];
        fineMass = new double[cells];
        for (int c = 0; c < cells; c++) {
            centres[c][0] = lo + (c % fine + 0.5) * h;
            if (dim == 2) centres[c][1] = lo + (c / fine + 0.5) * h;
        }
        double[] logp = logDensity.apply(centres);
        double max = Arrays.stream(logp).max().orElse(0);
        mass = new double[dim == 1 ? bins : bins * bins];
        double total = 0;
        for (int c = 0; c < cells; c++) {
            double p = Math.exp(logp[c] - max);
            fineMass[c] = p;
            int bin = (c % fine) / SUB + (dim == 2 ? ((c / fine) / SUB) * bins : 0);
            mass[bin] += p;
            total += p;
        }
        for (int b = 0; b < mass.length; b++) mass[b] /= total;
        for (int cell = 0; cell < cells; cell++) fineMass[cell] /= total;
    }

    /** E[f] under the density, by the same quadrature. */
    double expectation(Function<double[][], double[]> f) {
        double[] values = f.apply(centres);
        double e = 0;
        for (int c = 0; c < values.length; c++) e += fineMass[c] * values[c];
        return e;
    }

    /** n exact draws from the quadrature: a fine cell by its mass, then uniform within it. */
    double[][] sample(int n, RandomStream stream) {
        double[] cdf = new double[fineMass.length];
        double acc = 0;
        for (int c = 0; c < cdf.length; c++) cdf[c] = acc += fineMass[c];
        double[] u = stream.uniform(DataType.DOUBLE, 0, 1, (long) n * (1 + dim)).toDoubleVector();
        double[][] out = new double[n][dim];
        for (int i = 0; i < n; i++) {
            int c = Arrays.binarySearch(cdf, u[i * (1 + dim)] * acc);
            c = Math.min(c < 0 ? -c - 1 : c, cdf.length - 1);
            for (int j = 0; j < dim; j++) out[i][j] = centres[c][j] + (u[i * (1 + dim) + 1 + j] - 0.5) * cellWidth;
        }
        return out;
    }

    /** ½ Σ |histogram − exact mass| over the bins and the outside. */
    double totalVariation(double[][] points) {
        double[] count = new double[mass.length];
        double outside = 0;
        for (double[] p : points) {
            int b = bin(p);
            if (b < 0) outside++;
            else count[b]++;
        }
        double tv = outside / points.length;
        for (int b = 0; b < mass.length; b++) tv += Math.abs(count[b] / points.length - mass[b]);
        return 0.5 * tv;
    }

    /** The bin centres and exact densities (mass / width) along the first axis, summed over the second: the marginal of x0. */
    double[][] marginal() {
        double width = (hi - lo) / bins;
        double[] x = new double[bins];
        double[] p = new double[bins];
        for (int b = 0; b < mass.length; b++) p[b % bins] += mass[b] / width;
        for (int i = 0; i < bins; i++) x[i] = lo + (i + 0.5) * width;
        return new double[][] {x, p};
    }

    /** The histogram of the first coordinate as a density, on the same bins. */
    double[][] histogram(double[][] points) {
        double width = (hi - lo) / bins;
        double[] p = new double[bins];
        for (double[] q : points) {
            int i = (int) Math.floor((q[0] - lo) / width);
            if (i >= 0 && i < bins) p[i] += 1.0 / (points.length * width);
        }
        return new double[][] {marginal()[0], p};
    }

    private int bin(double[] p) {
        int i = (int) Math.floor((p[0] - lo) / (hi - lo) * bins);
        if (i < 0 || i >= bins) return -1;
        if (dim == 1) return i;
        int j = (int) Math.floor((p[1] - lo) / (hi - lo) * bins);
        if (j < 0 || j >= bins) return -1;
        return i + j * bins;
    }
}
