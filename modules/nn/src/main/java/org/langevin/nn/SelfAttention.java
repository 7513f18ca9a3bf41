package org.langevin.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Single-head self-attention over the F·H·W positions of each sample (Vaswani et al. 2017; the U-Net block of Ho et al.
 * 2020): tokens of group-normed features, softmax(QKᵀ/√c) V, an output projection, returned as a feature map to be
 * added to its input. For clips every frame and pixel attend to each other. Backward through the softmax rows w:
 * ∂L/∂s = w ⊙ (∂L/∂w − (∂L/∂w · w)).
 */
final class SelfAttention {
    private final GroupNorm norm;
    private final Dense query;
    private final Dense key;
    private final Dense value;
    private final Dense output;
    private final int frames;

    SelfAttention(Tape.Layout layout, int channels, int groups, int frames) {
        this.norm = new GroupNorm(layout, channels, groups, false);
        this.query = new Dense(layout, channels, channels);
        this.key = new Dense(layout, channels, channels);
        this.value = new Dense(layout, channels, channels);
        this.output = new Dense(layout, channels, channels);
        this.frames = frames;
    }

    /** (n·F, H, W, c) → the attention output of the same shape; channels last, the map's rows are its tokens. */
    Tape.Node apply(Tape tape, Tape.Node h) {
        long[] s = h.value.shape();
        long c = s[3];
        Tape.Node tokens = Ops.reshape(tape, norm.apply(tape, h), s[0] * s[1] * s[2], c);
        Tape.Node mixed = attend(tape, query.apply(tape, tokens), key.apply(tape, tokens), value.apply(tape, tokens),
                frames * s[1] * s[2], 1 / Math.sqrt(c));
        return Ops.reshape(tape, output.apply(tape, mixed), s);
    }

    /** softmax(Q Kᵀ · scale) V for each sample's block of {@code positions} rows. */
    private static Tape.Node attend(Tape tape, Tape.Node q, Tape.Node k, Tape.Node v, long positions, double scale) {
        long samples = q.value.rows() / positions;
        INDArray weights = Nd4j.createUninitialized(tape.type(), samples * positions, positions);
        INDArray mixed = Nd4j.createUninitialized(tape.type(), q.value.shape());
        for (long i = 0; i < samples; i++) {
            Nd4j.gemm(block(q.value, i, positions), block(k.value, i, positions), block(weights, i, positions), false, true, scale, 0.0);
        }
        Nd4j.exec(new SoftMax(weights, weights, 1));
        for (long i = 0; i < samples; i++) {
            Nd4j.gemm(block(weights, i, positions), block(v.value, i, positions), block(mixed, i, positions), false, false, 1.0, 0.0);
        }
        return tape.op(mixed, (g, grads) -> {
            INDArray gq = Nd4j.createUninitialized(tape.type(), q.value.shape());
            INDArray gk = Nd4j.createUninitialized(tape.type(), k.value.shape());
            INDArray gv = Nd4j.createUninitialized(tape.type(), v.value.shape());
            INDArray gw = Nd4j.createUninitialized(tape.type(), weights.shape());
            for (long i = 0; i < samples; i++) {
                Nd4j.gemm(block(g, i, positions), block(v.value, i, positions), block(gw, i, positions), false, true, 1.0, 0.0);
                Nd4j.gemm(block(weights, i, positions), block(g, i, positions), block(gv, i, positions), true, false, 1.0, 0.0);
            }
            INDArray gs = gw.subColumnVector(gw.mul(weights).sum(true, 1)).muli(weights);
            for (long i = 0; i < samples; i++) {
                Nd4j.gemm(block(gs, i, positions), block(k.value, i, positions), block(gq, i, positions), false, false, scale, 0.0);
                Nd4j.gemm(block(gs, i, positions), block(q.value, i, positions), block(gk, i, positions), true, false, scale, 0.0);
            }
            grads.add(q, gq);
            grads.add(k, gk);
            grads.add(v, gv);
        });
    }

    /** Rows [i·p, (i + 1)·p) of a stacked matrix: a contiguous view. */
    private static INDArray block(INDArray stacked, long i, long p) {
        return stacked.get(NDArrayIndex.interval(i * p, (i + 1) * p), NDArrayIndex.all());
    }
}
