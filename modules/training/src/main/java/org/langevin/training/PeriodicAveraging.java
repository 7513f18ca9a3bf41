package org.langevin.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Data-parallel training by averaging over {@link Peers}. With {@code syncEvery} 1 the workers average their gradients
 * before every update: synchronous data-parallel SGD, the update of one worker on the union of their batches. With
 * {@code syncEvery} H > 1 each worker updates on its own batches and every H steps they average their weights, Adam
 * moments, EMA and EMA profiles: local SGD, or periodic parameter averaging (Lin et al. 2020, "Don't use large
 * mini-batches, use local SGD").
 */
public final class PeriodicAveraging implements Exchange {
    private final Peers peers;
    private final int syncEvery;

    public PeriodicAveraging(Peers peers, int syncEvery) {
        if (syncEvery < 1) throw new IllegalArgumentException("sync every " + syncEvery + " steps");
        this.peers = peers;
        this.syncEvery = syncEvery;
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
