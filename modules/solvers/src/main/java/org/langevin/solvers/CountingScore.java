package org.langevin.solvers;

import org.langevin.core.ScoreModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Counts score evaluations (NFE) of the model it wraps. */
final class CountingScore implements ScoreModel {
    private final ScoreModel inner;
    private long count;

    CountingScore(ScoreModel inner) {
        this.inner = inner;
    }

    ScoreModel inner() {
        return inner;
    }

    long count() {
        return count;
    }

    @Override
    public INDArray score(INDArray x, double t) {
        count++;
        return inner.score(x, t);
    }

    @Override
    public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
        count++;
        return inner.vjp(x, t, v);
    }
}
