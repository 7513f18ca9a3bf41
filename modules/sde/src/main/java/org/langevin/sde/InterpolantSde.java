package org.langevin.sde;

import org.langevin.core.Marginal;

/**
 * A stochastic interpolant x_t = m(t) x0 + σ(t) z from data (m = 1, σ = 0 at t = 0) to N(0, I) (m = 0, σ = 1 at t = 1)
 * as the linear SDE with the same marginals (Albergo & Vanden-Eijnden 2023): a(t) = m′/m and
 * g(t)² = dσ²/dt − 2 a σ² = 2 σ (σ′ − a σ). Its probability-flow ODE is the interpolant's flow, dx/dt = E[m′ x0 + σ′ z | x_t].
 * At t = 1, m = 0 makes a and g infinite (the velocity stays finite): the process ends at T = 1 − δ, where
 * p_T = N(m_T x0, σ_T² I) differs from the prior N(0, σ_T² I) by the mean m_T x0 = δ x0 (rectified flow).
 */
public abstract sealed class InterpolantSde extends LinearSde permits InterpolantSde.RectifiedFlow, InterpolantSde.Trigonometric {

    InterpolantSde(double horizon, double priorStd) {
        super(horizon, 1e-3, priorStd);
        if (!(horizon >= 0.5) || !(horizon < 1)) throw new IllegalArgumentException("an interpolant ends at T in [0.5, 1), got " + horizon);
    }

    abstract double mean(double t);

    abstract double meanRate(double t);

    abstract double std(double t);

    abstract double stdRate(double t);

    @Override
    public final Marginal marginal(double t) {
        return new Marginal(mean(t), std(t));
    }

    @Override
    public final double driftCoefficient(double t) {
        return meanRate(t) / mean(t);
    }

    @Override
    public final double diffusion(double t) {
        double s = std(t);
        return Math.sqrt(Math.max(0, 2 * s * (stdRate(t) - driftCoefficient(t) * s)));
    }

    /** Rectified flow (Liu et al. 2023; Lipman et al. 2023): m = 1 − t, σ = t, a straight path from x0 to z; g² = 2t/(1 − t). */
    public static final class RectifiedFlow extends InterpolantSde {
        public RectifiedFlow(double horizon) {
            super(horizon, horizon);
        }

        double mean(double t) {
            return 1 - t;
        }

        double meanRate(double t) {
            return -1;
        }

        double std(double t) {
            return t;
        }

        double stdRate(double t) {
            return 1;
        }
    }

    /** The trigonometric interpolant (Albergo & Vanden-Eijnden 2023): m = cos ½πt, σ = sin ½πt, variance preserving; g² = π tan ½πt. */
    public static final class Trigonometric extends InterpolantSde {
        public Trigonometric(double horizon) {
            super(horizon, Math.sin(0.5 * Math.PI * horizon));
        }

        double mean(double t) {
            return Math.cos(0.5 * Math.PI * t);
        }

        double meanRate(double t) {
            return -0.5 * Math.PI * Math.sin(0.5 * Math.PI * t);
        }

        double std(double t) {
            return Math.sin(0.5 * Math.PI * t);
        }

        double stdRate(double t) {
            return 0.5 * Math.PI * Math.cos(0.5 * Math.PI * t);
        }
    }
}
