package org.langevin.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        if (syncEvery != 1) return loss;
        float[] values = new float[(int) gradient.length() + 1];
        System.arraycopy(flat(gradient), 0, values, 0, values.length - 1);
        values[values.length - 1] = (float) loss;
        peers.average(values);
        assign(gradient, values, 0);
        return values[values.length - 1];
    }

    @Override
    public void state(int step, INDArray params, INDArray adamState, INDArray ema, INDArray profiles) {
        if (syncEvery == 1 || step % syncEvery != 0) return;
        INDArray[] parts = profiles == null ? new INDArray[] {params, adamState, ema} : new INDArray[] {params, adamState, ema, profiles};
        long total = 0;
        for (INDArray part : parts) total += part.length();
        float[] values = new float[Math.toIntExact(total)];
        int at = 0;
        for (INDArray part : parts) {
            float[] own = flat(part);
            System.arraycopy(own, 0, values, at, own.length);
            at += own.length;
        }
        peers.average(values);
        at = 0;
        for (INDArray part : parts) at = assign(part, values, at);
        if (outer != null) outerStep(params);
    }

    /** θ (the workers' mean on entry) ← θ_prev − η (Δ + μ m), m ← μ m + Δ, Δ = θ_prev − θ; θ_prev ← θ. */
    private void outerStep(INDArray params) {
        INDArray delta = previous.sub(params);
        velocity.muli(outer.momentum()).addi(delta);
        params.assign(previous.sub(delta.addi(velocity.mul(outer.momentum())).muli(outer.learningRate())));
        previous.assign(params);
    }

    /** The values in row-major order, one copy (the trainer's arrays are whole and row-major, so the reshape is a view). */
    private static float[] flat(INDArray a) {
        return a.reshape(a.length()).toFloatVector();
    }

    /** Writes values[at …] into {@code target} (in its own type and shape); returns the next position. */
    private static int assign(INDArray target, float[] values, int at) {
        int n = (int) target.length();
        float[] part = new float[n];
        System.arraycopy(values, at, part, 0, n);
        INDArray source = Nd4j.createFromArray(part).reshape('c', target.shape());
        target.assign(target.dataType() == DataType.FLOAT ? source : source.castTo(target.dataType()));
        return at + n;
    }
}
