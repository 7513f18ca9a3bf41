package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An estimate of the score ∇ₓ log p_t(x) (Fisher / Hyvärinen score) of the perturbed data distribution.
 * Samplers, losses and likelihoods only ever see a score, whatever the network predicts.
 */
public interface ScoreModel {
    /** The score at every row of x, same shape and data type as x. */
    INDArray score(INDArray x, double t);

    /** The score and the vector–Jacobian product vᵀ ∂s/∂x at every row. */
    ScoreAndVjp vjp(INDArray x, double t, INDArray v);

    /** The score and its exact divergence ∇·s = tr ∂s/∂x per row; by default from D vector–Jacobian products. */
    default ScoreAndDivergence exactDivergence(INDArray x, double t) {
        long n = x.rows();
        int dim = (int) x.columns();
        INDArray divergence = Nd4j.zeros(x.dataType(), n);
        INDArray score = null;
        for (int j = 0; j < dim; j++) {
            INDArray basis = Nd4j.zeros(x.dataType(), n, dim);
            basis.getColumn(j).assign(1.0);
            ScoreAndVjp r = vjp(x, t, basis);
            score = r.score();
            divergence.addi(r.vjp().getColumn(j));
        }
        return new ScoreAndDivergence(score, divergence);
    }

    /** The model a counting or progress wrapper passes its calls to (itself when it is no such wrapper). */
    default ScoreModel unwrapped() {
        return this;
    }

    /** The same wrappers (progress, counting) around another core model, for a method that conditions the core ({@link #unwrapped}). */
    default ScoreModel withCore(ScoreModel core) {
        return core;
    }

    /** Network evaluations one call of {@link #score} or {@link #vjp} costs (guidance combines two models: 2). */
    default int evaluationsPerCall() {
        return 1;
    }

    /** True when {@link #exactDivergence} is closed-form (one evaluation) rather than D vector–Jacobian products. */
    default boolean closedFormDivergence() {
        return false;
    }

    /** Hutchinson (1989): ∇·s ≈ vᵀ (∂s/∂x) v for a probe v with E[v vᵀ] = I, one probe per row. */
    default ScoreAndDivergence hutchinsonDivergence(INDArray x, double t, INDArray probe) {
        ScoreAndVjp r = vjp(x, t, probe);
        return new ScoreAndDivergence(r.score(), r.vjp().mul(probe).sum(1));
    }

    /** The score and vᵀ ∂s/∂x, both shaped like x. */
    record ScoreAndVjp(INDArray score, INDArray vjp) {}

    /** The score (shaped like x) and its divergence (one value per row). */
    record ScoreAndDivergence(INDArray score, INDArray divergence) {}
}
