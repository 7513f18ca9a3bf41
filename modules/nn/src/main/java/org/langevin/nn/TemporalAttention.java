package org.langevin.nn;

/**
 * Single-head self-attention along the frames of a clip at every pixel (the temporal attention of video diffusion, Ho et
 * al. 2022): each pixel's F tokens of group-normed features attend to each other, softmax(QKᵀ/√c) V, then an output
 * projection, returned as a feature map to be added to its input. Frame order reaches it through the temporal
 * convolutions before it. The products and the softmax are {@link BlockAttention}'s ops.
 */
final class TemporalAttention {
    private final GroupNorm norm;
    private final Dense query;
    private final Dense key;
    private final Dense value;
    private final Dense output;
    private final int frames;

    TemporalAttention(Tape.Layout layout, int channels, int groups, int frames) {
        this.norm = new GroupNorm(layout, channels, groups, false);
        this.query = new Dense(layout, channels, channels);
        this.key = new Dense(layout, channels, channels);
        this.value = new Dense(layout, channels, channels);
        this.output = new Dense(layout, channels, channels);
        this.frames = frames;
    }

    /** (n·F, H, W, c) → the attention output of the same shape: tokens regrouped pixel by pixel, F per block, and back. */
    Tape.Node apply(Tape tape, Tape.Node h) {
        long[] s = h.value.shape();
        long n = s[0] / frames;
        long pixels = s[1] * s[2];
        long c = s[3];
        Tape.Node tokens = Ops.rearrange(tape, norm.apply(tape, h), new long[] {n, frames, pixels, c}, new int[] {0, 2, 1, 3},
                n * pixels * frames, c);
        Tape.Node mixed = SelfAttention.attend(tape, query.apply(tape, tokens), key.apply(tape, tokens), value.apply(tape, tokens), frames,
                1 / Math.sqrt(c));
        return Ops.rearrange(tape, output.apply(tape, mixed), new long[] {n, pixels, frames, c}, new int[] {0, 2, 1, 3}, s);
    }
}
