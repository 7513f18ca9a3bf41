package org.langevin.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The residual block of diffusion U-Nets (He et al. 2016; Ho et al. 2020): y = skip(h) + F(h) with
 * F = conv(SiLU(GN(conv(SiLU(GN(h))) + dense(temb)))), skip a 1×1 convolution when the width changes. For clips
 * (F > 1 frames) a temporal residual layer follows, y += W_τ ⋆ SiLU(GN(y)), a 3-tap convolution along the frame axis
 * at every pixel (a (2+1)D factorization, Tran et al. 2018; Ho et al. 2022).
 */
final class ResidualBlock {
    private final GroupNorm norm1;
    private final Conv conv1;
    private final Dense time;
    private final GroupNorm norm2;
    private final Conv conv2;
    private final Conv skip;
    private final GroupNorm normTime;
    private final Conv temporal;
    private final int frames;

    ResidualBlock(Tape.Layout layout, int in, int out, int groups, int timeWidth, int frames) {
        this.norm1 = new GroupNorm(layout, in, groups, true);
        this.conv1 = new Conv(layout, in, out, 3, 1, false);
        this.time = new Dense(layout, timeWidth, out);
        this.norm2 = new GroupNorm(layout, out, groups, true);
        this.conv2 = new Conv(layout, out, out, 3, 1, false);
        this.skip = in == out ? null : new Conv(layout, in, out, 1, 1, false);
        this.frames = frames;
        layout.temporal(true);
        this.normTime = frames == 1 ? null : new GroupNorm(layout, out, groups, true);
        this.temporal = frames == 1 ? null : new Conv(layout, out, out, 3, 1, 1, false);
        layout.temporal(false);
    }

    /**
     * h (n·F, H, W, in) and the time embedding (n·F, timeWidth) to (n·F, H, W, out); {@code mix} (n·F × 1, null: all 1)
     * weighs the temporal layer's addition per frame row (0 on the frames of stills).
     */
    Tape.Node apply(Tape tape, Tape.Node h, Tape.Node temb, INDArray mix) {
        Tape.Node a = Ops.shiftChannels(tape, conv1.apply(tape, norm1.apply(tape, h)), time.apply(tape, temb));
        a = conv2.apply(tape, norm2.apply(tape, a));
        Tape.Node y = Ops.add(tape, skip == null ? h : skip.apply(tape, h), a);
        if (frames == 1) return y;
        return Ops.add(tape, y, Ops.scaleRows(tape, temporalMix(tape, normTime.apply(tape, y)), mix));
    }

    /** (n·F, H, W, c) viewed as (n, F, H·W, c), an "image" of frames × pixels, the 3 × 1 kernel along frames, and back. */
    private Tape.Node temporalMix(Tape tape, Tape.Node h) {
        long[] s = h.value.shape();
        Tape.Node field = Ops.reshape(tape, h, s[0] / frames, frames, s[1] * s[2], s[3]);
        return Ops.reshape(tape, temporal.apply(tape, field), s);
    }
}
