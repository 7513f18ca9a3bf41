package org.langevin.nn;

import org.langevin.core.kernels.NativeFloats;
import org.langevin.core.kernels.VectorKernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Group norm (Wu & He 2018) of NHWC feature maps, optionally followed by SiLU: per sample and group of channels
 * x̂ = (x − μ)/√(σ² + 1e−5), then y = γ_c x̂ + β_c per channel (γ = 1, β = 0 at first); the identity with 0 groups.
 * Backward, per group of M values: ∂L/∂x = (ĝ − mean ĝ − x̂ mean(ĝ x̂))/√(σ² + ε) with ĝ = γ ∂L/∂y. Float arrays on
 * the CPU run {@link FusedGroupNormSilu}; otherwise ND4J ops on an NCHW copy.
 */
final class GroupNorm {
    private static final double EPS = 1e-5;
    private final int groups;
    private final boolean silu;
    private final Tape.Param scale;
    private final Tape.Param shift;
    private final boolean vectorKernel;

    GroupNorm(Tape.Layout layout, int channels, int groups, boolean silu) {
        this(layout, channels, groups, silu, true);
    }

    /** @param vectorKernel use {@link FusedGroupNormSilu} where {@link VectorKernels} allow it (false: always ND4J ops) */
    GroupNorm(Tape.Layout layout, int channels, int groups, boolean silu, boolean vectorKernel) {
        this.vectorKernel = vectorKernel;
        this.groups = groups;
        this.silu = silu;
        this.scale = groups == 0 ? null : layout.add(0, 1, 1, channels, 1, 1);
        this.shift = groups == 0 ? null : layout.add(0, 0, 1, channels, 1, 1);
    }

    /** (n, H, W, C) to the same shape. */
    Tape.Node apply(Tape tape, Tape.Node x) {
        if (groups == 0) return silu ? Ops.silu(tape, x) : x;
        long[] s = x.value.shape();
        if (vectorKernel && VectorKernels.enabledFor(tape.type()) && FusedGroupNormSilu.Shape.supports((int) s[3])) return fused(tape, x);
        Tape.Node nchw = Ops.rearrange(tape, x, s, new int[] {0, 3, 1, 2}, s[0], s[3], s[1], s[2]);
        return Ops.rearrange(tape, channelsFirst(tape, nchw), new long[] {s[0], s[3], s[1], s[2]}, new int[] {0, 2, 3, 1}, s);
    }

    /** The ND4J-op version on (n, C, H, W). */
    private Tape.Node channelsFirst(Tape tape, Tape.Node x) {
        INDArray v = x.value;
        long[] s = v.shape();
        long rows = s[0] * groups;
        INDArray grouped = v.reshape('c', rows, v.length() / rows);
        INDArray normed = grouped.subColumnVector(grouped.mean(1).reshape(rows, 1));
        INDArray inverseStd = Transforms.pow(normed.mul(normed).mean(1).reshape(rows, 1).addi(EPS), -0.5, false);
        normed.muliColumnVector(inverseStd);
        INDArray xhat = normed.reshape('c', s);
        INDArray gamma = tape.weight(scale).reshape(s[1]);
        INDArray y = Nd4j.createUninitialized(tape.type(), s);
        Nd4j.exec(new BroadcastMulOp(xhat, gamma, y, 1));
        Nd4j.exec(new BroadcastAddOp(y, tape.weight(shift).reshape(s[1]), y, 1));
        Activation.Evaluation act = silu ? Activation.SILU.evaluate(y) : null;
        return tape.op(silu ? act.value() : y, (g, grads) -> {
            INDArray gy = silu ? Activation.SILU.derivative(y, act.memo()).muli(g) : g;
            if (grads.wantsParameters()) {
                grads.weight(scale).addi(gy.mul(xhat).sum(0, 2, 3).reshape(1, s[1], 1, 1));
                grads.weight(shift).addi(gy.sum(0, 2, 3).reshape(1, s[1], 1, 1));
            }
            INDArray gxhat = Nd4j.createUninitialized(tape.type(), s);
            Nd4j.exec(new BroadcastMulOp(gy, gamma, gxhat, 1));
            INDArray gg = gxhat.reshape('c', rows, v.length() / rows);
            INDArray meanG = gg.mean(1).reshape(rows, 1);
            INDArray meanGx = gg.mul(normed).mean(1).reshape(rows, 1);
            INDArray gx = gg.subColumnVector(meanG).subi(normed.mulColumnVector(meanGx)).muliColumnVector(inverseStd);
            grads.add(x, gx.reshape('c', s));
        });
    }

    /** The same pass by {@link FusedGroupNormSilu}, on float NHWC arrays of the CPU backend. */
    private Tape.Node fused(Tape tape, Tape.Node x) {
        INDArray v = contiguous(x.value);
        long[] s = v.shape();
        FusedGroupNormSilu.Shape shape = new FusedGroupNormSilu.Shape((int) s[0], (int) (s[1] * s[2]), (int) s[3], groups, silu);
        float[] gamma = tape.weight(scale).reshape(s[3]).toFloatVector();
        float[] beta = tape.weight(shift).reshape(s[3]).toFloatVector();
        INDArray xhat = Nd4j.createUninitialized(tape.type(), s);
        INDArray sig = silu ? Nd4j.createUninitialized(tape.type(), s) : null;
        INDArray out = Nd4j.createUninitialized(tape.type(), s);
        float[] inverseStd = FusedGroupNormSilu.forward(shape, buffer(v), gamma, beta, EPS, buffer(xhat), buffer(sig), buffer(out));
        return tape.op(out, (g, grads) -> {
            INDArray dx = Nd4j.createUninitialized(tape.type(), s);
            float[] dGamma = new float[(int) s[3]];
            float[] dBeta = new float[(int) s[3]];
            FusedGroupNormSilu.backward(shape, buffer(contiguous(g)), buffer(xhat), buffer(sig), inverseStd, gamma, beta, buffer(dx),
                    dGamma, dBeta);
            if (grads.wantsParameters()) {
                grads.weight(scale).addi(Nd4j.createFromArray(dGamma).reshape(1, s[3], 1, 1));
                grads.weight(shift).addi(Nd4j.createFromArray(dBeta).reshape(1, s[3], 1, 1));
            }
            grads.add(x, dx);
        });
    }

    private static NativeFloats buffer(INDArray a) {
        return a == null ? null : NativeFloats.of(a);
    }

    /** The array itself when it is laid out row-major without gaps, else a row-major copy. */
    private static INDArray contiguous(INDArray a) {
        return VectorKernels.rowMajor(a) ? a : a.dup('c');
    }
}
