package org.langevin.nn;

/**
 * Single-head self-attention over the F·H·W positions of each sample (Vaswani et al. 2017; the U-Net block of Ho et al.
 * 2020): tokens of group-normed features, softmax(QKᵀ/√c) V, an output projection, returned as a feature map to be
 * added to its input. For clips every frame and pixel attend to each other. The products and the softmax are
 * {@link BlockAttention}'s ops.
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
    static Tape.Node attend(Tape tape, Tape.Node q, Tape.Node k, Tape.Node v, long positions, double scale) {
        Tape.Node weights = BlockAttention.softmax(tape, BlockAttention.product(tape, q, k, true, scale, positions));
        return BlockAttention.product(tape, weights, v, false, 1.0, positions);
    }
}
