package org.langevin.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Data-parallel training by averaging over {@link Peers}. With {@code syncEvery} 1 the workers average their gradients
 * before every update: synchronous data-parallel SGD, the update of one worker on the union of their batches. With
 * {@code syncEvery} H > 1 each worker updates on its own batches and every H steps they average their weights, Adam
 * moments, EMA and EMA profiles: local SGD, or periodic parameter averaging (Lin et al. 2020, "Don't use large
 * mini-batches, use local SGD"). With an {@link Outer} optimizer the averaged weights are not taken as they are: their
 * distance from the weights of the previous sync is an outer gradient for Nesterov momentum (DiLoCo, Douillard et al. 2023).
 */
public final class PeriodicAveraging implements Exchange {
    /**
     * DiLoCo's outer step at a sync: Δ = θ_prev − mean(θ_workers), m ← μ m + Δ, θ ← θ_prev − η (Δ + μ m) (SGD with Nesterov
     * momentum; η 1 and μ 0 is plain averaging).
     */
    public record Outer(double learningRate, double momentum) {}

    private final Peers peers;
    private final int syncEvery;
    private final Outer outer;
    private INDArray previous; // outer: the weights of the previous sync (or of the start)
    private INDArray velocity; // outer: m

    public PeriodicAveraging(Peers peers, int syncEvery) {
        this(peers, syncEvery, null);
    }

    /** {@code outer} null: the averaged weights as they are; else its step, at weight averaging (syncEvery > 1) only. */
    public PeriodicAveraging(Peers peers, int syncEvery, Outer outer) {
        if (syncEvery < 1) throw new IllegalArgumentException("sync every " + syncEvery + " steps");
        if (outer != null && syncEvery == 1) throw new IllegalArgumentException("an outer optimizer needs weight averaging (sync every > 1)");
        this.peers = peers;
        this.syncEvery = syncEvery;
        this.outer = outer;
    }

    @Override
    public void begin(INDArray params, INDArray saved) {
        if (outer == null) return;
        previous = params.dup();
        velocity = saved == null ? params.ulike().assign(0) : saved.dup().reshape(params.shape());
    }

    @Override
    public INDArray saved() {
        return velocity == null ? null : velocity.dup();
    }

    @Override
    public double gradient(int step, INDArray gradient, double loss) {
        return syncEvery == 1 ? averageInPlace(new INDArray[] {gradient}, (float) loss) : loss;
    }

    @Override
    public boolean state(int step, INDArray params, INDArray adamState, INDArray ema, INDArray profiles, boolean diverged) {
        if (syncEvery == 1) return diverged; // every worker holds the same averaged loss and gradient
        if (step % syncEvery != 0) return false;
        INDArray[] parts = profiles == null ? new INDArray[] {params, adamState, ema} : new INDArray[] {params, adamState, ema, profiles};
        if (averageInPlace(parts, diverged ? 1f : 0f) > 0) return true; // some worker diverged: the run ends, nothing averaged is kept
        if (outer != null) outerStep(params);
        return false;
    }

    /** θ (the workers' mean on entry) ← θ_prev − η (Δ + μ m), m ← μ m + Δ, Δ = θ_prev − θ; θ_prev ← θ. */
    private void outerStep(INDArray params) {
        INDArray delta = previous.sub(params);
        velocity.muli(outer.momentum()).addi(delta);
        params.assign(previous.sub(delta.addi(velocity.mul(outer.momentum())).muli(outer.learningRate())));
        previous.assign(params);
    }

    /**
     * Replaces every part by its mean over the workers, in one exchange of their values laid end to end (the trainer's
     * arrays are whole and row-major, so each reshape is a view) followed by {@code extra}; returns extra's mean.
     */
    private float averageInPlace(INDArray[] parts, float extra) {
        long total = 1;
        for (INDArray part : parts) total += part.length();
        float[] values = new float[Math.toIntExact(total)];
        int at = 0;
        for (INDArray part : parts) {
            float[] own = part.reshape(part.length()).toFloatVector();
            System.arraycopy(own, 0, values, at, own.length);
            at += own.length;
        }
        values[at] = extra;
        peers.average(values);
        INDArray mean = Nd4j.createFromArray(values);
        at = 0;
        for (INDArray part : parts) {
            INDArray source = mean.get(NDArrayIndex.interval(at, at + part.length())).reshape(part.shape());
            part.assign(part.dataType() == DataType.FLOAT ? source : source.castTo(part.dataType()));
            at += (int) part.length();
        }
        return values[at];
    }
}
