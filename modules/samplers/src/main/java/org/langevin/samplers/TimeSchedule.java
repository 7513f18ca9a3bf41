package org.langevin.samplers;

import org.langevin.core.Sde;

/** Decreasing time grids T = t_0 > t_1 > ... > t_N = eps for the samplers ({@code sampler.schedule}). */
public enum TimeSchedule {
    /** Equal steps in t. */
    UNIFORM,
    /** Karras et al. (2022): σ̃_i = (σ̃_max^{1/ρ} + i/N (σ̃_min^{1/ρ} - σ̃_max^{1/ρ}))^ρ in the noise-to-signal ratio σ̃ = σ/m. */
    KARRAS,
    /** Equal steps in the half log-SNR λ = log(m/σ) (Lu et al. 2022). */
    LOGSNR;

    public double[] times(Sde sde, int steps, double eps, double rho) {
        double T = sde.horizon();
        double[] t = new double[steps + 1];
        double hiRatio = sde.noiseToSignal(T);
        double loRatio = sde.noiseToSignal(eps);
        for (int i = 0; i <= steps; i++) {
            double u = (double) i / steps;
            t[i] = switch (this) {
                case UNIFORM -> T + u * (eps - T);
                case KARRAS -> sde.timeOfNoiseToSignal(Math.pow(Math.pow(hiRatio, 1 / rho) + u * (Math.pow(loRatio,
                        1 / rho) - Math.pow(hiRatio, 1 / rho)), rho), eps, T);
                case LOGSNR -> sde.timeOfNoiseToSignal(Math.exp(Math.log(hiRatio) + u * (Math.log(loRatio) - Math.log(hiRatio))), eps, T);
            };
        }
        t[0] = T;
        t[steps] = eps;
        return t;
    }
}
