package org.langevin.core;

/**
 * The layout of image and clip data: each row of a data set is frames × channels × height × width pixel values in that
 * (row-major) order, each on one of {@code levels} equally spaced values over [low, high] (frames = 1 for images).
 */
public record PixelGrid(int frames, int channels, int height, int width, int levels, double low, double high) {
    public PixelGrid {
        if (frames < 1 || channels < 1 || height < 1 || width < 1) throw new IllegalArgumentException("grid sizes must be positive");
        if (levels < 2 || !(high > low)) throw new IllegalArgumentException("need at least 2 levels over [low, high] with low < high");
    }

    /** Pixels per row: the data dimension D. */
    public int size() {
        return frames * channels * height * width;
    }

    /** Pixels per frame. */
    public int frameSize() {
        return channels * height * width;
    }

    /** A single image of {@code channels} channels on the same pixels and levels (one frame; or a clip's frames stacked as channels). */
    public PixelGrid image(int channels) {
        return new PixelGrid(1, channels, height, width, levels, low, high);
    }

    /** The distance between neighbouring levels, Δ = (high − low)/(levels − 1). */
    public double spacing() {
        return (high - low) / (levels - 1);
    }
}
