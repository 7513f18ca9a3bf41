package org.langevin.score;

import org.langevin.core.Marginal;
import org.langevin.core.Sde;

/**
 * How a raw network output F becomes a score. Every parameterization here is affine in the output,
 * s(x, t) = outScale · F(inScale · x, timeInput) + skipScale · x, with coefficients from the SDE's marginal
 * x_t = m x0 + σ ε (mean coefficient m, std σ). Losses, samplers and likelihoods only see s.
 */
@FunctionalInterface
public interface Parameterization {
    /** The affine coefficients at time t. */
    Coefficients at(double t, Marginal marginal);

    /** The std of the Fourier frequencies that suits this time input's range (16 for t in [0, 1]). */
    default double fourierScale() {
        return 16.0;
    }

    /** s = outScale · F(inScale · x, timeInput) + skipScale · x. */
    record Coefficients(double outScale, double skipScale, double inScale, double timeInput) {}

    /** The network output is the score itself; time input t. */
    Parameterization SCORE = (t, m) -> new Coefficients(1.0, 0.0, 1.0, t);

    /** Noise prediction (Ho et al. 2020): F = ε̂, s = -ε̂ / σ; time input t. */
    Parameterization NOISE = (t, m) -> new Coefficients(-1.0 / m.std(), 0.0, 1.0, t);

    /** Data prediction: F = x̂0, s = (m x̂0 - x) / σ² (Tweedie's formula inverted); time input t. */
    Parameterization DATA = (t, m) -> new Coefficients(m.meanCoef() / m.variance(), -1.0 / m.variance(), 1.0, t);

    /**
     * Velocity prediction (Salimans & Ho 2022), for any linear SDE: F = v̂ with v = m ε - σ x0. Inverting
     * [x; v] = [[m, σ], [-σ, m]] [x0; ε] gives ε = (σ x + m v) / (m² + σ²), so s = -(σ x + m v̂) / (σ (m² + σ²)); time input t.
     */
    Parameterization VELOCITY = (t, m) -> {
        double norm = m.meanCoef() * m.meanCoef() + m.variance();
        return new Coefficients(-m.meanCoef() / (m.std() * norm), -1.0 / norm, 1.0, t);
    };

    /**
     * Flow (velocity-field) prediction, for flow matching: F = v̂, the probability-flow velocity v = a x − ½ g² s of the
     * SDE (for an interpolant, E[m′ x0 + σ′ z | x_t]), so s = 2 (a x − v̂)/g²; time input t. Exact for every linear SDE.
     */
    static Parameterization flow(Sde sde) {
        return (t, m) -> {
            double g2 = sde.diffusion(t) * sde.diffusion(t);
            return new Coefficients(-2.0 / g2, 2.0 * sde.driftCoefficient(t) / g2, 1.0, t);
        };
    }

    /**
     * EDM preconditioning (Karras et al. 2022, Table 1) on the variance-exploding view x̃ = x/m with noise level
     * σ̃ = σ/m: D(x̃) = c_skip x̃ + c_out F(c_in x̃, c_noise), c_skip = σ_d²/(σ̃² + σ_d²), c_out = σ̃ σ_d/√(σ̃² + σ_d²),
     * c_in = 1/√(σ̃² + σ_d²), c_noise = ¼ ln σ̃; the score is s = (m D - x)/σ². Time input c_noise.
     */
    static Parameterization edm(double sigmaData) {
        return new Edm(sigmaData);
    }

    /** EDM preconditioning with data std σ_d. */
    record Edm(double sigmaData) implements Parameterization {
        public Edm {
            if (!(sigmaData > 0)) throw new IllegalArgumentException("sigma_data must be positive, got " + sigmaData);
        }

        /** c_noise = ¼ ln σ̃ spans a few units: frequencies of std 16 would make the embedding oscillate across it. */
        @Override
        public double fourierScale() {
            return 1.0;
        }

        @Override
        public Coefficients at(double t, Marginal m) {
            double sd2 = sigmaData * sigmaData;
            double sigma = m.std() / m.meanCoef();
            double total = sigma * sigma + sd2;
            double cSkip = sd2 / total;
            double cOut = sigma * sigmaData / Math.sqrt(total);
            double cIn = 1.0 / Math.sqrt(total);
            return new Coefficients(m.meanCoef() * cOut / m.variance(), (cSkip - 1.0) / m.variance(), cIn / m.meanCoef(),
                    0.25 * Math.log(sigma));
        }
    }
}
