package org.langevin.sde;

import org.langevin.core.Marginal;

/**
 * Brownian motion with diffusion coefficient D (Einstein 1905): dx = √(2D) dW, the diffusion equation
 * ∂p/∂t = D Δp. Kernel N(x0, 2 D t I); prior N(0, 2 D T I).
 */
public final class BrownianSde extends LinearSde {
    private final double diffusionCoefficient;

    public BrownianSde(double diffusionCoefficient, double horizon) {
        super(horizon, 1e-5 * horizon, Math.sqrt(2 * diffusionCoefficient * horizon));
        if (!(diffusionCoefficient > 0) || !(horizon > 0)) throw new IllegalArgumentException("Brownian motion needs D > 0 and T > 0");
        this.diffusionCoefficient = diffusionCoefficient;
    }

    @Override
    public double driftCoefficient(double t) {
        return 0.0;
    }

    @Override
    public double diffusion(double t) {
        return Math.sqrt(2 * diffusionCoefficient);
    }

    @Override
    public Marginal marginal(double t) {
        return new Marginal(1.0, Math.sqrt(2 * diffusionCoefficient * t));
    }
}
