package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A score model of class-labelled data that can condition on a class: ∇ log p_t(x | c) for c in 0..classes−1, and the
 * unconditional ∇ log p_t(x) (a network's null label, learned by dropping labels in training).
 */
public interface ClassConditional {
    int classes();

    /** The score given class c for every row. */
    ScoreModel given(int label);

    /** The score without a class. */
    ScoreModel unconditional();

    /** The model with one label per row (0..classes; classes is the null label), for training: only networks have one. */
    default TrainableScore withLabels(INDArray rows) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not train");
    }

    /**
     * Guidance at scale w (Ho & Salimans 2022; for an exact p_t(c | x), Dhariwal & Nichol 2021):
     * s̃ = (1 + w) ∇ log p_t(x | c) − w ∇ log p_t(x) = ∇ log p_t(x) + (1 + w) ∇ log p_t(c | x); w = 0 is the plain conditional.
     */
    default ScoreModel guided(int label, double scale) {
        ScoreModel conditional = given(label);
        if (scale == 0) return conditional;
        ScoreModel plain = unconditional();
        return new ScoreModel() {
            @Override
            public INDArray score(INDArray x, double t) {
                return conditional.score(x, t).muli(1 + scale).subi(plain.score(x, t).muli(scale));
            }

            @Override
            public int evaluationsPerCall() {
                return conditional.evaluationsPerCall() + plain.evaluationsPerCall();
            }

            @Override
            public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
                ScoreAndVjp a = conditional.vjp(x, t, v);
                ScoreAndVjp b = plain.vjp(x, t, v);
                return new ScoreAndVjp(a.score().muli(1 + scale).subi(b.score().muli(scale)), a.vjp().muli(1 + scale).subi(b.vjp().muli(scale)));
            }
        };
    }
}
