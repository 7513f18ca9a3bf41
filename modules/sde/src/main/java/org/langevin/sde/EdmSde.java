package org.langevin.sde;

import org.langevin.core.Marginal;

/**
 * The EDM process (Karras et al. 2022): σ(t) = t, so dx = √(2t) dW and p_t(x | x0) = N(x0, t² I).
 * Time runs over [σ_min, σ_max]; prior N(0, σ_max² I).
 */
public final class EdmSde extends LinearSde {
    public EdmSde(double sigmaMin, double sigmaMax) {
        super(sigmaMax, sigmaMin, sigmaMax);
        if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin)) {
            throw new IllegalArgumentException("EDM needs 0 < sigma_min < sigma_max, got " + sigmaMin + ", " + sigmaMax);
        }
    }

    @Override
    public double driftCoefficient(double t) {
        return 0.0;
    }

    @Override
    public double diffusion(double t) {
        return Math.sqrt(2 * t);
    }

    @Override
    public Marginal marginal(double t) {
        return new Marginal(1.0, t);
    }
}
