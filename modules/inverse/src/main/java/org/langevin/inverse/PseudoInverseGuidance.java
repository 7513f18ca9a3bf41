package org.langevin.inverse;

import org.langevin.core.Arrays2;
import org.langevin.core.LinearOperator;
import org.langevin.core.Marginal;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pseudo-inverse guidance (Song et al. 2023, ΠGDM): p(y | x_t) ≈ N(y; A x̂0, r_t² A Aᵀ + σ_y² I) with
 * r_t² = σ̃² σ_d²/(σ̃² + σ_d²), σ̃ = σ/m: the posterior variance of x0 given x_t under a Gaussian prior of variance
 * σ_d² (the data's), so that for such a prior the approximation is exact. Its gradient through the denoiser is
 * g = J_x̂0ᵀ Aᵀ (r_t² A Aᵀ + σ_y² I)⁻¹ (y − A x̂0) = ∇ₓ log p̃_t(y | x). Two evaluations: a score and a vector–Jacobian
 * product.
 */
final class PseudoInverseGuidance {
    private final Sde sde;
    private final LinearOperator operator;
    private final Gram gram;
    private final double noiseVariance;
    private final double dataVariance;

    /** With the measurement noise σ_y and the data's std σ_d. */
    PseudoInverseGuidance(Sde sde, LinearOperator operator, double noise, double dataStd) {
        this.sde = sde;
        this.operator = operator;
        this.gram = Gram.of(operator);
        this.noiseVariance = noise * noise;
        this.dataVariance = dataStd * dataStd;
    }

    /**
     * The guidance at x, t for the observations y (one row per row of x).
     *
     * @param prior the unguided denoiser
     * @param gradient g, an estimate of ∇ₓ log p(y | x_t)
     * @param logLikelihood log N(y; A x̂0, r_t² A Aᵀ + σ_y² I) per row, up to a constant that depends on t only
     */
    record At(Denoised prior, INDArray gradient, double[] logLikelihood) {

        /** This guidance with its arrays copied out of any workspace (to outlive a step's scope). */
        At detached() {
            return new At(new Denoised(prior.x0().detach(), prior.epsHat().detach()), gradient.detach(), logLikelihood);
        }

        /** The rows at the given indices (resampled particles). */
        At rows(int[] indices) {
            double[] log = new double[indices.length];
            for (int i = 0; i < indices.length; i++) log[i] = logLikelihood[indices[i]];
            return new At(new Denoised(Arrays2.rows(prior.x0(), indices), Arrays2.rows(prior.epsHat(), indices)),
                    Arrays2.rows(gradient, indices), log);
        }
    }

    /** r_t² = σ̃² σ_d²/(σ̃² + σ_d²), σ̃ = σ/m. */
    private double r2(double t) {
        Marginal m = sde.marginal(t);
        double ratio = m.std() / m.meanCoef();
        return ratio * ratio * dataVariance / (ratio * ratio + dataVariance);
    }

    /**
     * The projection weight w = m_t m_t' r_t² of the guidance in a step from t to t', as public ΠGDM implementations weigh
     * it: the full projection A⁺(y − A x̂0) without noise at small t, nothing at high noise.
     */
    double weight(double t, double next) {
        return sde.marginal(t).meanCoef() * sde.marginal(next).meanCoef() * r2(t);
    }

    At evaluate(ScoreModel score, INDArray x, double t, INDArray y) {
        Denoised d = Denoised.at(score, sde, x, t);
        INDArray residual = y.sub(operator.apply(d.x0()));
        INDArray solved = gram.solve(residual, r2(t), noiseVariance);
        double[] log = solved.mul(residual).sum(1).muli(-0.5).toDoubleVector();
        return new At(d, Denoised.pullback(score, sde, x, t, operator.adjoint(solved)), log);
    }
}
