package org.langevin.nn;

/**
 * What a {@link UNet} is built from besides its pixel grid.
 *
 * @param widths channels per resolution level (from the input resolution down); each divisible by {@code groups}
 * @param groups group-norm groups (0: no normalization)
 * @param embeddingDim Gaussian Fourier features of the time input
 * @param fourierScale the std of their random frequencies
 * @param classes class labels the network conditions on (0: unconditional)
 * @param givenFrames a clip's F for a network trained with given frames: its conditioning rows end in F flags (1 = the
 *                    frame is given clean); on a clip grid each frame's embedding takes its own flag, on an image grid
 *                    (the frames stacked as channels) the clip's embedding takes all F. 0: none
 * @param attention self-attention after the middle block over every position of the deepest level (clips: every frame
 *                  and pixel, so distant frames and moved content meet in one layer)
 * @param temporalAttention clips: self-attention along the frames at every pixel of the deepest level (Ho et al. 2022)
 * @param stills clips: the conditioning rows hold a stills flag after the label (1: the clip's frames are independent
 *               images; its temporal layers then add nothing), for joint image and video training (Ho et al. 2022)
 */
public record UNetSpec(int[] widths, int groups, int embeddingDim, double fourierScale, int classes, int givenFrames, boolean attention,
                       boolean temporalAttention, boolean stills) {
    /** An unconditional U-Net without temporal attention. */
    public static UNetSpec of(int[] widths, int groups, int embeddingDim, double fourierScale, boolean attention) {
        return new UNetSpec(widths, groups, embeddingDim, fourierScale, 0, 0, attention, false, false);
    }

    public UNetSpec withClasses(int n) {
        return new UNetSpec(widths, groups, embeddingDim, fourierScale, n, givenFrames, attention, temporalAttention, stills);
    }

    public UNetSpec withGivenFrames(int frames) {
        return new UNetSpec(widths, groups, embeddingDim, fourierScale, classes, frames, attention, temporalAttention, stills);
    }

    public UNetSpec withTemporalAttention(boolean on) {
        return new UNetSpec(widths, groups, embeddingDim, fourierScale, classes, givenFrames, attention, on, stills);
    }

    public UNetSpec withStills(boolean on) {
        return new UNetSpec(widths, groups, embeddingDim, fourierScale, classes, givenFrames, attention, temporalAttention, on);
    }
}
