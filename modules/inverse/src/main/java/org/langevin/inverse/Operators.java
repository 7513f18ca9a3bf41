package org.langevin.inverse;

import java.util.List;
import java.util.Optional;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.LinearOperator;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.langevin.core.Settings;

/** The operator factories: each reads its keys, checks them against the data and names the key when they do not fit. */
final class Operators {
    private Operators() {}

    static Optional<LinearOperator> mask(Settings s, Dataset data, RandomStreams streams) {
        double[] flags = s.vector("inverse.mask");
        boolean[] observed;
        if (flags.length > 0) {
            if (flags.length != data.dim()) {
                throw new ConfigException("inverse.mask", "has " + flags.length + " flags, the data has dimension " + data.dim());
            }
            observed = new boolean[flags.length];
            for (int i = 0; i < flags.length; i++) {
                if (flags[i] != 0 && flags[i] != 1) throw new ConfigException("inverse.mask", "must hold 0 (hidden) or 1 (observed), got "
                        + flags[i]);
                observed[i] = flags[i] == 1;
            }
        } else {
            PixelGrid g = grid(s, data, "inverse.mask", "give inverse.mask, a 0/1 flag per coordinate (" + data.dim() + " of them)");
            double fraction = s.number("inverse.mask_fraction", 0, 1);
            observed = switch (s.choice("inverse.mask_shape", List.of("box", "half", "random"))) {
                case "box" -> ImageOperators.box(g, fraction);
                case "half" -> ImageOperators.half(g);
                default -> ImageOperators.random(g, fraction, streams.get("inverse/mask"));
            };
        }
        boolean any = false;
        for (boolean b : observed) any |= b;
        if (!any) throw new ConfigException("inverse.mask", "observes nothing: at least one coordinate must be observed");
        return Optional.of(CoordinateMask.of(observed));
    }

    /** The largest squared row norm of inverse.matrix: far beyond any measurement, far below double overflow. */
    private static final double MAX_ROW_SQUARE = 1e100;

    static Optional<LinearOperator> matrix(Settings s, Dataset data, RandomStreams streams) {
        double[][] rows = s.matrix("inverse.matrix");
        if (rows.length == 0) throw new ConfigException("inverse.matrix", "is empty: give the rows of A, each a list of " + data.dim() + " numbers");
        for (double[] row : rows) {
            if (row.length != data.dim()) throw new ConfigException("inverse.matrix", "has a row of length " + row.length
                    + ", the data has dimension " + data.dim());
            double square = 0;
            for (double a : row) square += a * a;
            if (!(square <= MAX_ROW_SQUARE)) { // A Σ Aᵀ and the posterior's algebra must stay finite in double precision
                throw new ConfigException("inverse.matrix", "has a row of squared norm " + square + ", above " + MAX_ROW_SQUARE
                        + ": the posterior's algebra would overflow; scale A and y down together");
            }
        }
        return Optional.of(new DenseOperator(rows, Double.NaN));
    }

    static Optional<LinearOperator> blur(Settings s, Dataset data, RandomStreams streams) {
        PixelGrid g = grid(s, data, "inverse.operator", "blur acts on images or clips");
        double sigma = s.positive("inverse.blur_sigma");
        if (sigma > Math.max(g.height(), g.width())) {
            throw new ConfigException("inverse.blur_sigma", sigma + " pixels is wider than the " + g.height() + "x" + g.width() + " frames");
        }
        return Optional.of(new DenseOperator(ImageOperators.blur(g, sigma), Double.NaN));
    }

    static Optional<LinearOperator> downsample(Settings s, Dataset data, RandomStreams streams) {
        PixelGrid g = grid(s, data, "inverse.operator", "downsample acts on images or clips");
        int f = s.integer("inverse.factor", 2);
        if (g.height() % f != 0 || g.width() % f != 0) {
            throw new ConfigException("inverse.factor", f + " does not divide the " + g.height() + "x" + g.width() + " frames");
        }
        return Optional.of(new DenseOperator(ImageOperators.downsample(g, f), 1.0 / (f * f)));
    }

    static Optional<LinearOperator> frames(Settings s, Dataset data, RandomStreams streams) {
        PixelGrid g = grid(s, data, "inverse.operator", "frames acts on clips");
        if (g.frames() < 2) throw new ConfigException("inverse.operator",
                "frames acts on clips (data.type moving_digits), got single images of data.type '" + data.name() + "'");
        double[] values = s.vector("inverse.frames");
        if (values.length == 0) throw new ConfigException("inverse.frames", "is empty: list the observed frames, from 0 to " + (g.frames() - 1));
        int[] frames = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != Math.rint(values[i]) || values[i] < 0 || values[i] >= g.frames()) {
                throw new ConfigException("inverse.frames", "must be frame indices from 0 to " + (g.frames() - 1) + ", got " + values[i]);
            }
            frames[i] = (int) values[i];
        }
        return Optional.of(CoordinateMask.of(ImageOperators.frames(g, frames)));
    }

    private static PixelGrid grid(Settings s, Dataset data, String key, String what) {
        return data.grid().orElseThrow(() -> new ConfigException(key, what + "; data.type '" + data.name() + "' has no pixel grid"));
    }
}
