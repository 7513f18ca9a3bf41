package org.langevin.nn;

/**
 * Single-head self-attention (Vaswani et al. 2017; the U-Net block of Ho et al. 2020): tokens of group-normed features,
 * softmax(QKᵀ/√c) V, an output projection, returned as a feature map to be added to its input. Either over the F·H·W
 * positions of each sample (for clips every frame and pixel attend to each other), or along the frames: at every pixel
 * of a clip its F tokens attend to each other (the temporal attention of video diffusion, Ho et al. 2022; frame order
 * reaches it through the temporal convolutions before it). The products and the softmax are {@link BlockAttention}'s ops.
 */
final class SelfAttention {
    private final GroupNorm norm;
    private final Dense query;
    private final Dense key;
    private final Dense value;
    private final Dense output;
    private final int frames;
    private final boolean alongFrames;

    SelfAttention(Tape.Layout layout, int channels, int groups, int frames, boolean alongFrames) {
        this.norm = new GroupNorm(layout, channels, groups, false);
        this.query = new Dense(layout, channels, channels);
        this.key = new Dense(layout, channels, channels);
        this.value = new Dense(layout, channels, channels);
        this.output = new Dense(layout, channels, channels);
        this.frames = frames;
        this.alongFrames = alongFrames;
    }

    /** (n·F, H, W, c) → the attention output of the same shape; channels last, the map's rows are its tokens. */
    Tape.Node apply(Tape tape, Tape.Node h) {
        long[] s = h.value.shape();
        long c = s[3];
        long pixels = s[1] * s[2];
        long n = s[0] / frames;
        Tape.Node normed = norm.apply(tape, h);
        // along the frames: tokens regrouped pixel by pixel, F to a block, and back
        Tape.Node tokens = alongFrames
                ? Ops.rearrange(tape, normed, new long[] {n, frames, pixels, c}, new int[] {0, 2, 1, 3}, n * pixels * frames, c)
                : Ops.reshape(tape, normed, s[0] * pixels, c);
        Tape.Node mixed = attend(tape, query.apply(tape, tokens), key.apply(tape, tokens), value.apply(tape, tokens),
                alongFrames ? frames : frames * pixels, 1 / Math.sqrt(c));
        Tape.Node out = output.apply(tape, mixed);
        return alongFrames ? Ops.rearrange(tape, out, new long[] {n, pixels, frames, c}, new int[] {0, 2, 1, 3}, s) : Ops.reshape(tape, out, s);
    }

    /** softmax(Q Kᵀ · scale) V for each block of {@code positions} rows. */
    private static Tape.Node attend(Tape tape, Tape.Node q, Tape.Node k, Tape.Node v, long positions, double scale) {
        Tape.Node weights = BlockAttention.softmax(tape, BlockAttention.product(tape, q, k, true, scale, positions));
        return BlockAttention.product(tape, weights, v, false, 1.0, positions);
    }
}
