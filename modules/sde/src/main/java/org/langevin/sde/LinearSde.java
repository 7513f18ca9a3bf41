package org.langevin.sde;

import org.langevin.core.Sde;

/** What every family here fixes at construction: the end time T, the default smallest time, and the prior std s_T. */
abstract class LinearSde implements Sde {
    private final double horizon;
    private final double minTime;
    private final double priorStd;

    LinearSde(double horizon, double minTime, double priorStd) {
        this.horizon = horizon;
        this.minTime = minTime;
        this.priorStd = priorStd;
    }

    @Override
    public final double horizon() {
        return horizon;
    }

    @Override
    public final double minTime() {
        return minTime;
    }

    @Override
    public final double priorStd() {
        return priorStd;
    }
}
