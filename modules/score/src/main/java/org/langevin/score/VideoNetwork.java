package org.langevin.score;

import org.langevin.core.PixelGrid;

/**
 * score.video: how the U-Net sees a clip of F frames. A row is the same either way (frames one after another, each its
 * channel planes), so the choice only sets the grid the network is built on.
 */
public enum VideoNetwork {
    /** A 2-D U-Net on every frame with a 3-tap temporal convolution after each residual block, a (2+1)-D network (Ho et al. 2022). */
    FACTORIZED {
        PixelGrid networkGrid(PixelGrid data) {
            return data;
        }
    },
    /** The frames as channels of one 2-D U-Net (Voleti et al. 2022, MCVD): a clip costs one image of F·C channels. */
    STACKED {
        PixelGrid networkGrid(PixelGrid data) {
            return data.image(data.frames() * data.channels());
        }
    };

    /** The grid the U-Net is built on for data on {@code data}. */
    abstract PixelGrid networkGrid(PixelGrid data);
}
