package org.langevin.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Upsampling2d;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The weightless ops of the U-Net on the tape: SiLU, sums, channel concatenation, upsampling, and layout changes, each
 * with its tangent (the linear ops apply themselves to it; SiLU's is φ′(x) ẋ).
 */
final class Ops {
    private Ops() {}

    /** SiLU by {@link Activation#SILU}, which keeps σ for the backward pass (and runs its Vector API kernel where it can). */
    static Tape.Node silu(Tape tape, Tape.Node x) {
        Activation.Evaluation e = Activation.SILU.evaluate(x.value);
        Tape.Node y = tape.op(e.value(), (g, grads) -> grads.add(x, Activation.SILU.derivative(x.value, e.memo()).muli(g)));
        if (x.tangent != null) y.tangent = siluTangent(tape, x, e.memo());
        return y;
    }

    /** ẏ = φ′(x) ẋ, differentiated in ẋ (by φ′) and in x (by φ″ ẋ); σ(x) is SiLU's memo. */
    private static Tape.Node siluTangent(Tape tape, Tape.Node x, INDArray sigma) {
        Tape.Node dx = x.tangent;
        INDArray slope = Activation.SILU.derivative(x.value, sigma);
        return tape.op(slope.mul(dx.value), (g, grads) -> {
            grads.add(dx, slope.mul(g));
            grads.add(x, Activation.SILU.secondDerivative(x.value, sigma).muli(dx.value).muli(g));
        });
    }

    static Tape.Node add(Tape tape, Tape.Node a, Tape.Node b) {
        Tape.Node y = tape.op(a.value.add(b.value), (g, grads) -> {
            grads.add(a, g);
            grads.add(b, g);
        });
        y.tangent = sum(tape, a.tangent, b.tangent);
        return y;
    }

    /** a + b where either may be null (a zero tangent): the other, or null when both are. */
    static Tape.Node sum(Tape tape, Tape.Node a, Tape.Node b) {
        return a == null ? b : b == null ? a : add(tape, a, b);
    }

    /** h (n, H, W, c) plus a per-sample, per-channel shift (n, c). */
    static Tape.Node shiftChannels(Tape tape, Tape.Node h, Tape.Node shift) {
        INDArray y = Nd4j.createUninitialized(tape.type(), h.value.shape());
        Nd4j.exec(new BroadcastAddOp(h.value, shift.value, y, 0, 3));
        Tape.Node out = tape.op(y, (g, grads) -> {
            grads.add(h, g);
            grads.add(shift, g.sum(1, 2));
        });
        out.tangent = shift.tangent == null ? h.tangent : shiftChannels(tape, tape.tangentOrZero(h), shift.tangent);
        return out;
    }

    /** Concatenation along channels, (n, H, W, a) and (n, H, W, b) to (n, H, W, a + b). */
    static Tape.Node concatChannels(Tape tape, Tape.Node a, Tape.Node b) {
        long split = a.value.size(3);
        Tape.Node y = tape.op(Nd4j.concat(3, a.value, b.value), (g, grads) -> {
            grads.add(a, channels(g, 0, split));
            grads.add(b, channels(g, split, g.size(3)));
        });
        if (a.tangent != null || b.tangent != null) y.tangent = concatChannels(tape, tape.tangentOrZero(a), tape.tangentOrZero(b));
        return y;
    }

    /** Channels [from, to) of an NHWC array, as a row-major copy. */
    private static INDArray channels(INDArray maps, long from, long to) {
        return maps.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c');
    }

    /** Nearest-neighbour ×2 upsampling of (n, H, W, c); backward sums each 2 × 2 block (ND4J's upsampling2d and its _bp). */
    static Tape.Node upsample(Tape tape, Tape.Node x) {
        long[] s = x.value.shape();
        INDArray y = Nd4j.createUninitialized(tape.type(), s[0], 2 * s[1], 2 * s[2], s[3]);
        Upsampling2d op = new Upsampling2d(x.value, 2, 2, false);
        op.addOutputArgument(y);
        Nd4j.exec(op);
        Tape.Node out = tape.op(y, (g, grads) -> {
            INDArray gx = Nd4j.createUninitialized(tape.type(), s);
            Nd4j.exec(DynamicCustomOp.builder("upsampling2d_bp").addInputs(x.value, g).addOutputs(gx).addIntegerArguments(0).build());
            grads.add(x, gx);
        });
        if (x.tangent != null) out.tangent = upsample(tape, x.tangent);
        return out;
    }

    /** Rows of channel planes (n × C·H·W, frames of a clip one after another) as a contiguous channels-last batch (images, H, W, C). */
    static INDArray channelsLast(INDArray rows, long images, int channels, int height, int width) {
        INDArray planes = rows.dup('c').reshape('c', images, channels, height, width);
        return channels == 1 ? planes.reshape('c', images, height, width, 1) : planes.permute(0, 2, 3, 1).dup('c');
    }

    /** Each row of x (its first axis) times a constant weight (n × 1, no gradient); null weights: x itself. */
    static Tape.Node scaleRows(Tape tape, Tape.Node x, INDArray weights) {
        if (weights == null) return x;
        long[] shape = x.value.shape();
        long rows = shape[0];
        long per = x.value.length() / rows;
        INDArray w = weights.reshape(rows, 1).castTo(x.value.dataType());
        Tape.Node y = tape.op(x.value.reshape('c', rows, per).mulColumnVector(w).reshape('c', shape),
                (g, grads) -> grads.add(x, g.reshape('c', rows, per).mulColumnVector(w).reshape('c', shape)));
        if (x.tangent != null) y.tangent = scaleRows(tape, x.tangent, weights);
        return y;
    }

    /** The same values in another shape (a row-major view). */
    static Tape.Node reshape(Tape tape, Tape.Node x, long... shape) {
        long[] original = x.value.shape();
        Tape.Node y = tape.op(x.value.reshape('c', shape), (g, grads) -> grads.add(x, g.reshape('c', original)));
        if (x.tangent != null) y.tangent = reshape(tape, x.tangent, shape);
        return y;
    }

    /**
     * A layout change: the value viewed as {@code split}, its axes permuted, and the result made contiguous in the shape
     * {@code merged}; backward undoes it on the gradient.
     */
    static Tape.Node rearrange(Tape tape, Tape.Node x, long[] split, int[] permutation, long... merged) {
        long[] original = x.value.shape();
        INDArray y = x.value.reshape('c', split).permute(permutation).dup('c').reshape('c', merged);
        int[] inverse = new int[permutation.length];
        long[] permuted = new long[split.length];
        for (int i = 0; i < permutation.length; i++) {
            inverse[permutation[i]] = i;
            permuted[i] = split[permutation[i]];
        }
        Tape.Node out = tape.op(y, (g, grads) -> grads.add(x, g.reshape('c', permuted).permute(inverse).dup('c').reshape('c', original)));
        if (x.tangent != null) out.tangent = rearrange(tape, x.tangent, split, permutation, merged);
        return out;
    }
}
