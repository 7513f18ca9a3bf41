package org.langevin.data;

/** How integer pixel levels 0..L−1 map to data values ({@code data.scale}). */
public enum PixelScale {
    /** x = 2k/(L−1) − 1 ∈ [−1, 1] */
    SYMMETRIC(-1, 1),
    /** x = k/(L−1) ∈ [0, 1] */
    UNIT(0, 1);

    final double low;
    final double high;

    PixelScale(double low, double high) {
        this.low = low;
        this.high = high;
    }

    double value(int level, int levels) {
        return low + (high - low) * level / (levels - 1);
    }
}
