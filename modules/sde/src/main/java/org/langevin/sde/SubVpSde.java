package org.langevin.sde;

import org.langevin.core.Marginal;

/**
 * Sub-variance-preserving SDE (Song et al. 2021): dx = -½ β(t) x dt + √(β(t) (1 - e^{-2∫β})) dW. Same mean as VP,
 * σ(t) = 1 - m(t)², which is below the VP std at every t. Prior N(0, I).
 */
public final class SubVpSde extends LinearSde {
    private final VpSde vp;

    public SubVpSde(double betaMin, double betaMax) {
        super(1.0, 1e-3, 1.0);
        this.vp = new VpSde(betaMin, betaMax);
    }

    @Override
    public double driftCoefficient(double t) {
        return vp.driftCoefficient(t);
    }

    @Override
    public double diffusion(double t) {
        // e^{-2∫β} = m(t)⁴
        return Math.sqrt(vp.beta(t) * -Math.expm1(4 * vp.logMeanCoef(t)));
    }

    @Override
    public Marginal marginal(double t) {
        double logMean = vp.logMeanCoef(t);
        return new Marginal(Math.exp(logMean), -Math.expm1(2 * logMean));
    }
}
