package org.langevin.core;

import java.util.Locale;

/** How a figure is printed in reports and run descriptions: in its given format, or in powers of ten from a million up (a diverged FID, say). */
public final class Figure {
    private static final double LARGE = 1e6;

    private Figure() {}

    /** {@code v} in {@code format} (e.g. "%.3f"), or as "2.178e+17" when |v| ≥ 10⁶. */
    public static String format(String format, double v) {
        return Math.abs(v) >= LARGE && Double.isFinite(v) ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, format, v);
    }
}
