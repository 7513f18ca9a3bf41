package org.langevin.core;

import java.util.function.DoubleConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A score that reports how far a pass over noise levels has come, for a progress bar: each evaluation's t, between
 * {@code from} (where a pass starts: T for sampling, 0 for a likelihood) and {@code to}, tells the fraction of the pass
 * done, and t jumping back to the start begins the next pass (the next chunk of rows). The fraction of all
 * {@code passes} goes to {@code progress}. Every call is passed on unchanged.
 */
public final class ProgressScore implements ScoreModel {
    private final ScoreModel inner;
    private final double from;
    private final double to;
    private final int passes;
    private final DoubleConsumer progress;
    private final long expectedCalls;
    private long calls;
    private int pass;
    private double reached;

    public ProgressScore(ScoreModel inner, double from, double to, int passes, DoubleConsumer progress) {
        this(inner, from, to, passes, 0, progress);
    }

    private ProgressScore(ScoreModel inner, double from, double to, int passes, long expectedCalls, DoubleConsumer progress) {
        this.inner = inner;
        this.from = from;
        this.to = to;
        this.passes = Math.max(1, passes);
        this.expectedCalls = expectedCalls;
        this.progress = progress;
    }

    /** For samplers that stay at one noise level (MCMC at eps), where t tells nothing: progress is calls / expectedCalls. */
    public static ProgressScore byCalls(ScoreModel inner, long expectedCalls, DoubleConsumer progress) {
        return new ProgressScore(inner, 0, 1, 1, Math.max(1, expectedCalls), progress);
    }

    private void observe(double t) {
        if (expectedCalls > 0) {
            progress.accept(Math.min(1, (double) ++calls / expectedCalls));
            return;
        }
        double f = Math.min(1, Math.max(0, (t - from) / (to - from)));
        if (f < reached - 0.5) { // back at the start: the next pass
            pass++;
            reached = 0;
        }
        reached = Math.max(reached, f);
        progress.accept(Math.min(1, (pass + reached) / passes));
    }

    @Override
    public ScoreModel unwrapped() {
        return inner.unwrapped();
    }

    @Override
    public ScoreModel withCore(ScoreModel core) {
        return new ProgressScore(inner.withCore(core), from, to, passes, expectedCalls, progress);
    }

    @Override
    public INDArray score(INDArray x, double t) {
        observe(t);
        return inner.score(x, t);
    }

    @Override
    public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
        observe(t);
        return inner.vjp(x, t, v);
    }

    @Override
    public ScoreAndDivergence exactDivergence(INDArray x, double t) {
        observe(t);
        return inner.exactDivergence(x, t);
    }

    @Override
    public ScoreAndDivergence hutchinsonDivergence(INDArray x, double t, INDArray probe) {
        observe(t);
        return inner.hutchinsonDivergence(x, t, probe);
    }

    @Override
    public int evaluationsPerCall() {
        return inner.evaluationsPerCall();
    }

    @Override
    public boolean closedFormDivergence() {
        return inner.closedFormDivergence();
    }
}
