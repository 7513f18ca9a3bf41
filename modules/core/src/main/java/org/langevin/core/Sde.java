package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A forward Itô SDE dx = f(x, t) dt + g(t) dW on [0, T] with a Gaussian perturbation kernel.
 * Rows of x are points; drift and scores are row-wise.
 */
public interface Sde {
    /** Drift f(x, t). */
    INDArray drift(INDArray x, double t);

    /** Divergence ∇·f(x, t) for a D-dimensional state; linear drifts make it independent of x. */
    double driftDivergence(int dim, double t);

    /** Diffusion coefficient g(t). */
    double diffusion(double t);

    /** Mean coefficient and std of p_t(x | x0) (Fokker–Planck solution for this SDE). */
    Marginal marginal(double t);

    /** End time T of the forward process. */
    double horizon();

    /** Draws n points of dimension dim from the prior p_T. */
    INDArray priorSample(int n, int dim, RandomStream stream);

    /** log p_T(x) per row, in nats. */
    double[] priorLogDensity(INDArray x);

    /** Anderson (1982): the reverse-time SDE has drift f - g² ∇log p_t and the same g. */
    default VectorField reverseDrift(ScoreModel score) {
        return (x, t) -> {
            double g2 = diffusion(t) * diffusion(t);
            return drift(x, t).subi(score.score(x, t).muli(g2));
        };
    }

    /** Song et al. (2021): the probability-flow ODE has drift f - ½ g² ∇log p_t and no noise. */
    default VectorField probabilityFlow(ScoreModel score) {
        return (x, t) -> {
            double g2 = diffusion(t) * diffusion(t);
            return drift(x, t).subi(score.score(x, t).muli(0.5 * g2));
        };
    }
}
