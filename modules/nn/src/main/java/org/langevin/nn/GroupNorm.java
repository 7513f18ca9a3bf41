package org.langevin.nn;

import org.langevin.core.kernels.NativeFloats;
import org.langevin.core.kernels.VectorKernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Group norm (Wu & He 2018) of NHWC feature maps, optionally followed by SiLU: per sample and group of channels
 * x̂ = (x − μ)/√(σ² + 1e−5), then y = γ_c x̂ + β_c per channel (γ = 1, β = 0 at first); the identity with 0 groups.
 * Backward, per group of M values: ∂L/∂x = (ĝ − mean ĝ − x̂ mean(ĝ x̂))/√(σ² + ε) with ĝ = γ ∂L/∂y. Float arrays on
 * the CPU run {@link FusedGroupNormSilu}; otherwise (and for a pass that carries tangents) ND4J ops on an NCHW copy.
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
        if (x.tangent == null && vectorKernel && VectorKernels.enabledFor(tape.type()) && FusedGroupNormSilu.Shape.supports((int) s[3])) {
            return fused(tape, x);
        }
        Tape.Node nchw = Ops.rearrange(tape, x, s, new int[] {0, 3, 1, 2}, s[0], s[3], s[1], s[2]);
        return Ops.rearrange(tape, channelsFirst(tape, nchw), new long[] {s[0], s[3], s[1], s[2]}, new int[] {0, 2, 3, 1}, s);
    }

    /** The ND4J-op version on (n, C, H, W): x̂ by {@link GroupStandardize}, γ x̂ + β, SiLU; each with its tangent. */
    private Tape.Node channelsFirst(Tape tape, Tape.Node x) {
        Tape.Node y = channelAffine(tape, GroupStandardize.apply(tape, x, groups, EPS), true);
        return silu ? Ops.silu(tape, y) : y;
    }

    /** γ_c x̂ (+ β_c) along axis 1, and its tangent γ_c ẋ̂. */
    private Tape.Node channelAffine(Tape tape, Tape.Node xhat, boolean withShift) {
        long[] s = xhat.value.shape();
        INDArray gamma = tape.weight(scale).reshape(s[1]);
        INDArray y = Nd4j.createUninitialized(tape.type(), s);
        Nd4j.exec(new BroadcastMulOp(xhat.value, gamma, y, 1));
        if (withShift) Nd4j.exec(new BroadcastAddOp(y, tape.weight(shift).reshape(s[1]), y, 1));
        Tape.Node out = tape.op(y, (g, grads) -> {
            if (grads.wantsParameters()) {
                grads.weight(scale).addi(g.mul(xhat.value).sum(0, 2, 3).reshape(1, s[1], 1, 1));
                if (withShift) grads.weight(shift).addi(g.sum(0, 2, 3).reshape(1, s[1], 1, 1));
            }
            INDArray gxhat = Nd4j.createUninitialized(tape.type(), s);
            Nd4j.exec(new BroadcastMulOp(g, gamma, gxhat, 1));
            grads.add(xhat, gxhat);
        });
        if (xhat.tangent != null) out.tangent = channelAffine(tape, xhat.tangent, false);
        return out;
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
