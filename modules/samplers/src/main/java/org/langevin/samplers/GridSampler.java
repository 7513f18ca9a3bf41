package org.langevin.samplers;

import org.langevin.core.Sde;

/** A sampler that steps along a decreasing time grid T = t_0 > ... > t_N = eps (from {@link TimeSchedule}). */
public abstract class GridSampler extends BatchSampler {
    protected final double[] grid;

    protected GridSampler(Sde sde, double[] grid, int chunkSize, boolean denoise) {
        super(sde, grid[grid.length - 1], chunkSize, denoise);
        this.grid = grid.clone();
    }
}
