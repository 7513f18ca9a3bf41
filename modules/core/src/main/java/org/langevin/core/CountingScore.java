package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Counts the score evaluations (NFE) of the model it wraps: one per score or vector–Jacobian product, and for an
 * exact divergence one if it is closed-form, else D (one vector–Jacobian product per dimension).
 */
public final class CountingScore implements ScoreModel {
    private final ScoreModel inner;
    private long count;

    public CountingScore(ScoreModel inner) {
        this.inner = inner;
    }

    public ScoreModel inner() {
        return inner;
    }

    @Override
    public ScoreModel unwrapped() {
        return inner.unwrapped();
    }

    @Override
    public ScoreModel withCore(ScoreModel core) {
        return new CountingScore(inner.withCore(core));
    }

    public long count() {
        return count;
    }

    @Override
    public INDArray score(INDArray x, double t) {
        count += inner.evaluationsPerCall();
        return inner.score(x, t);
    }

    @Override
    public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
        count += inner.evaluationsPerCall();
        return inner.vjp(x, t, v);
    }

    @Override
    public boolean closedFormDivergence() {
        return inner.closedFormDivergence();
    }

    @Override
    public ScoreAndDivergence exactDivergence(INDArray x, double t) {
        count += (long) inner.evaluationsPerCall() * (inner.closedFormDivergence() ? 1 : x.columns());
        return inner.exactDivergence(x, t);
    }
}
