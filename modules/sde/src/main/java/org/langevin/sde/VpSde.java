package org.langevin.sde;

import org.langevin.core.Marginal;

/**
 * Variance-preserving SDE (Song et al. 2021; DDPM in continuous time):
 * dx = -½ β(t) x dt + √β(t) dW with β(t) = β_min + t (β_max - β_min) on [0, 1].
 * Marginal: log m(t) = -¼ t² (β_max - β_min) - ½ t β_min, σ(t)² = 1 - m(t)². Prior N(0, I).
 */
public final class VpSde extends LinearSde {
    private final double betaMin;
    private final double betaMax;

    public VpSde(double betaMin, double betaMax) {
        super(1.0, 1e-3, 1.0);
        if (!(betaMin > 0) || !(betaMax > betaMin)) {
            throw new IllegalArgumentException("VP SDE needs 0 < beta_min < beta_max, got " + betaMin + ", " + betaMax);
        }
        this.betaMin = betaMin;
        this.betaMax = betaMax;
    }

    public double beta(double t) {
        return betaMin + t * (betaMax - betaMin);
    }

    @Override
    public double driftCoefficient(double t) {
        return -0.5 * beta(t);
    }

    @Override
    public double diffusion(double t) {
        return Math.sqrt(beta(t));
    }

    /** log m(t) = -½ ∫_0^t β = -¼ t² (β_max - β_min) - ½ t β_min. */
    double logMeanCoef(double t) {
        return -0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin;
    }

    @Override
    public Marginal marginal(double t) {
        double logMean = logMeanCoef(t);
        // -expm1(2 log m) keeps σ accurate for small t, where 1 - m² cancels
        return new Marginal(Math.exp(logMean), Math.sqrt(-Math.expm1(2 * logMean)));
    }

    @Override
    public boolean ancestralChain() {
        return true;
    }
}
