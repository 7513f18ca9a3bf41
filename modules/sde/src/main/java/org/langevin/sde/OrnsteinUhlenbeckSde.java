package org.langevin.sde;

import org.langevin.core.Marginal;

/**
 * Ornstein–Uhlenbeck process, the overdamped Langevin equation in the quadratic potential U(x) = ½ θ |x|²
 * (temperature D): dx = -θ x dt + √(2D) dW. Kernel N(e^{-θt} x0, (D/θ)(1 - e^{-2θt}) I); the prior is the
 * equilibrium (Boltzmann) law N(0, (D/θ) I).
 */
public final class OrnsteinUhlenbeckSde extends LinearSde {
    private final double theta;
    private final double diffusionCoefficient;

    public OrnsteinUhlenbeckSde(double theta, double diffusionCoefficient, double horizon) {
        super(horizon, 1e-5 * horizon, Math.sqrt(diffusionCoefficient / theta));
        if (!(theta > 0) || !(diffusionCoefficient > 0) || !(horizon > 0)) throw new IllegalArgumentException("OU needs theta, D and T > 0");
        this.theta = theta;
        this.diffusionCoefficient = diffusionCoefficient;
    }

    @Override
    public double driftCoefficient(double t) {
        return -theta;
    }

    @Override
    public double diffusion(double t) {
        return Math.sqrt(2 * diffusionCoefficient);
    }

    @Override
    public Marginal marginal(double t) {
        return new Marginal(Math.exp(-theta * t), Math.sqrt(diffusionCoefficient / theta * -Math.expm1(-2 * theta * t)));
    }
}
