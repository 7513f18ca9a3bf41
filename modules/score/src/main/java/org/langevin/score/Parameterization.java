package org.langevin.score;

import org.langevin.core.Marginal;

/**
 * How a raw network output becomes a score. Every parameterization here is affine in the output,
 * s = outScale(t) · out + skipScale(t) · x, with coefficients from the SDE's marginal (mean coefficient m, std σ).
 */
public interface Parameterization {
    double outScale(Marginal marginal);

    double skipScale(Marginal marginal);

    /** The time input the network sees. */
    double timeInput(double t, Marginal marginal);

    /** Noise prediction (Ho et al. 2020): the network predicts ε in x_t = m x0 + σ ε, so s = -ε̂ / σ; time input t. */
    Parameterization NOISE = new Parameterization() {
        public double outScale(Marginal m) {
            return -1.0 / m.std();
        }

        public double skipScale(Marginal m) {
            return 0.0;
        }

        public double timeInput(double t, Marginal m) {
            return t;
        }
    };
}
