package org.langevin.sde;

import org.langevin.core.Marginal;

/**
 * Variance-exploding SDE (Song et al. 2021; NCSN in continuous time): dx = √(dσ²/dt) dW with
 * σ(t) = σ_min (σ_max/σ_min)^t on [0, 1]. From x0 at t = 0 the kernel is N(x0, (σ(t)² - σ_min²) I).
 * Prior N(0, σ_max² I).
 */
public final class VeSde extends LinearSde {
    private final double sigmaMin;
    private final double logRatio;

    public VeSde(double sigmaMin, double sigmaMax) {
        super(1.0, 1e-5, sigmaMax);
        if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin)) {
            throw new IllegalArgumentException("VE SDE needs 0 < sigma_min < sigma_max, got " + sigmaMin + ", " + sigmaMax);
        }
        this.sigmaMin = sigmaMin;
        this.logRatio = Math.log(sigmaMax / sigmaMin);
    }

    public double sigma(double t) {
        return sigmaMin * Math.exp(t * logRatio);
    }

    @Override
    public double driftCoefficient(double t) {
        return 0.0;
    }

    @Override
    public double diffusion(double t) {
        return sigma(t) * Math.sqrt(2 * logRatio);
    }

    @Override
    public Marginal marginal(double t) {
        // σ(t)² - σ_min² = σ_min² (e^{2 t log(σmax/σmin)} - 1)
        return new Marginal(1.0, sigmaMin * Math.sqrt(Math.expm1(2 * t * logRatio)));
    }

    @Override
    public boolean ancestralChain() {
        return true;
    }
}
