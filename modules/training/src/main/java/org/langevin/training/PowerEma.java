package org.langevin.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Power-function EMA profiles (Karras et al. 2024, EDM2): θ̂(t) = β(t) θ̂(t − 1) + (1 − β(t)) θ(t) with
 * β(t) = (1 − 1/t)^{γ+1}, t = 1, 2, …, which averages the weights θ(τ) with weights (τ^{γ+1} − (τ − 1)^{γ+1}) / t^{γ+1}:
 * a window that grows with training. A profile is named by its relative width σ_rel = √((γ + 1) / ((γ + 2)² (γ + 3))),
 * which falls from 1/√12 at γ = 0 towards 0 as γ grows; several are kept at once, one row each.
 */
public final class PowerEma {
    /** The widest profile σ_rel can name (γ = 0: the plain running mean). */
    public static final double MAX_SIGMA_REL = 1 / Math.sqrt(12);

    private final double[] gammas;

    public PowerEma(double[] sigmaRel) {
        gammas = new double[sigmaRel.length];
        for (int k = 0; k < sigmaRel.length; k++) gammas[k] = gamma(sigmaRel[k]);
    }

    public int size() {
        return gammas.length;
    }

    /** σ_rel of the exponent γ. */
    static double sigmaRel(double gamma) {
        return Math.sqrt((gamma + 1) / ((gamma + 2) * (gamma + 2) * (gamma + 3)));
    }

    /** The exponent γ ≥ 0 of a profile of relative width σ_rel in (0, 1/√12], by bisection on log(1 + γ) (σ_rel falls with γ). */
    public static double gamma(double sigmaRel) {
        if (!(sigmaRel > 0 && sigmaRel <= MAX_SIGMA_REL)) throw new IllegalArgumentException("σ_rel must lie in (0, 1/√12], got " + sigmaRel);
        double lo = 0;
        double hi = 60; // log(1 + γ): γ up to e^60
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (sigmaRel(Math.expm1(mid)) > sigmaRel) lo = mid;
            else hi = mid;
        }
        return Math.expm1(0.5 * (lo + hi));
    }

    /** Updates every profile (row k of {@code profiles}) with the weights after step t (1-based). */
    public void update(INDArray profiles, INDArray params, int t) {
        INDArray flat = params.reshape(1, params.length());
        for (int k = 0; k < gammas.length; k++) {
            double beta = Math.pow(1 - 1.0 / t, gammas[k] + 1);
            INDArray row = profiles.getRow(k, true); // a view: updated in place
            row.muli(beta).addi(flat.mul(1 - beta));
        }
    }

    /** Profile k's weights, shaped like {@code like}. */
    public static INDArray profile(INDArray profiles, int k, INDArray like) {
        return profiles.getRow(k).dup().reshape(like.shape());
    }
}
