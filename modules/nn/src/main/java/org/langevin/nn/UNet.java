package org.langevin.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A small U-Net (Ronneberger et al. 2015) in the form diffusion models use it (Ho et al. 2020, Song et al. 2021): a 3×3
 * input convolution, per resolution level one {@link ResidualBlock} and a stride-2 convolution down, a middle block,
 * optionally {@link SelfAttention} over every position and (clips) along the frames, then nearest-neighbour upsampling and a 3×3
 * convolution, concatenation with the skip of the same level and a residual block up, and a group norm, SiLU and
 * zero-initialised 3×3 output convolution. The time input is embedded by Gaussian Fourier features and a dense SiLU
 * layer. Clips (F > 1 frames) are batches of frames whose blocks also mix along the frame axis, and attention spans
 * every frame and pixel.
 *
 * <p>Written directly on ND4J ops on channels-last (NHWC) maps (oneDNN convolutions on the CPU build, Vector API kernels
 * for group norm and SiLU) and differentiated by a {@link Tape}: one
 * forward pass keeps what its backward passes need, which give the parameter gradient and the vector–Jacobian product
 * with respect to the data input. The network is stateless: every pass takes the flat parameter vector to use, and
 * everything a pass allocates lives in the caller's ND4J workspace.
 */
public final class UNet implements ScoreNetwork {
    private final PixelGrid grid;
    private final DataType type;
    private final FourierFeatures time;
    private final Tape.Layout layout = new Tape.Layout();
    private final Dense timeDense;
    private final Conv input;
    private final List<ResidualBlock> down = new ArrayList<>();
    private final List<Conv> pools = new ArrayList<>();
    private final ResidualBlock middle;
    private final SelfAttention attention;
    private final SelfAttention temporalAttention;
    private final List<Conv> upsamples = new ArrayList<>();
    private final List<ResidualBlock> up = new ArrayList<>();
    private final GroupNorm outNorm;
    private final Conv output;
    private final int givenFrames;
    private final int stillsColumn; // the conditioning column of the stills flag; −1: none

    /** An unconditional U-Net: see {@link UNetSpec}. */
    public UNet(PixelGrid grid, int[] widths, int groups, int embeddingDim, double fourierScale, boolean attention, DataType type,
                RandomStream init) {
        this(grid, UNetSpec.of(widths, groups, embeddingDim, fourierScale, attention), type, init);
    }

    public UNet(PixelGrid grid, UNetSpec spec, DataType type, RandomStream init) {
        int[] widths = spec.widths();
        int groups = spec.groups();
        int givenFrames = spec.givenFrames();
        if (widths.length == 0) throw new IllegalArgumentException("at least one resolution level");
        int shrink = 1 << (widths.length - 1);
        if (grid.height() % shrink != 0 || grid.width() % shrink != 0) {
            throw new IllegalArgumentException(widths.length + " levels halve the image " + (widths.length - 1) + " times, but "
                    + grid.height() + "×" + grid.width() + " is not divisible by " + shrink);
        }
        checkGroups(widths, groups);
        if (givenFrames < 0 || grid.frames() > 1 && givenFrames != 0 && givenFrames != grid.frames()) {
            throw new IllegalArgumentException("given-frame flags for " + givenFrames + " frames on a clip of " + grid.frames());
        }
        this.grid = grid;
        this.type = type;
        this.givenFrames = givenFrames;
        if ((spec.temporalAttention() || spec.stills()) && grid.frames() == 1) {
            throw new IllegalArgumentException("temporal attention and stills need clips");
        }
        if (spec.stills() && spec.attention()) {
            throw new IllegalArgumentException("attention over every frame cannot leave the frames of stills apart");
        }
        this.stillsColumn = spec.stills() ? 1 + (spec.classes() > 0 ? 1 : 0) : -1;
        this.time = new FourierFeatures(spec.embeddingDim(), spec.fourierScale(), spec.classes(), type, init);
        int frames = grid.frames();
        int timeWidth = 2 * widths[0];
        int flags = givenFrames == 0 ? 0 : frames > 1 ? 1 : givenFrames;
        // the parameters are laid out in this order of construction
        this.timeDense = new Dense(layout, time.dim() + flags, timeWidth);
        this.input = new Conv(layout, grid.channels(), widths[0], 3, 1, false);
        int channels = widths[0];
        for (int level = 0; level < widths.length; level++) {
            down.add(new ResidualBlock(layout, channels, widths[level], groups, timeWidth, frames));
            channels = widths[level];
            if (level + 1 < widths.length) pools.add(new Conv(layout, channels, channels, 3, 2, false));
        }
        this.middle = new ResidualBlock(layout, channels, channels, groups, timeWidth, frames);
        this.attention = spec.attention() ? new SelfAttention(layout, channels, groups, frames, false) : null;
        layout.temporal(true);
        this.temporalAttention = spec.temporalAttention() ? new SelfAttention(layout, channels, groups, frames, true) : null;
        layout.temporal(false);
        for (int level = widths.length - 1; level >= 0; level--) {
            if (level < widths.length - 1) upsamples.add(new Conv(layout, channels, widths[level], 3, 1, false));
            up.add(new ResidualBlock(layout, 2 * widths[level], widths[level], groups, timeWidth, frames));
            channels = widths[level];
        }
        this.outNorm = new GroupNorm(layout, channels, groups, true);
        this.output = new Conv(layout, channels, grid.channels(), 3, 1, true);
    }

    /** Group norm needs every channel count divisible by the number of groups (0: no normalization). */
    public static void checkGroups(int[] widths, int groups) {
        if (groups < 0) throw new IllegalArgumentException("groups must be 0 (no normalization) or positive, got " + groups);
        for (int w : widths) {
            if (groups > 0 && w % groups != 0) {
                throw new IllegalArgumentException("channel count " + w + " of " + Arrays.toString(widths) + " is not divisible by "
                        + groups + " groups (0: no normalization)");
            }
        }
    }

    /** This clip network's parameters with {@code image}'s trained spatial layers: see {@link SpatialLayers}. */
    public INDArray withSpatialLayersOf(UNet image, INDArray imageParams, INDArray into) {
        return SpatialLayers.copy(this, image, imageParams, into);
    }

    FourierFeatures time() {
        return time;
    }

    Tape.Layout layout() {
        return layout;
    }

    /** The pixel grid of the data rows it takes. */
    public PixelGrid grid() {
        return grid;
    }

    @Override
    public DataType dataType() {
        return type;
    }

    @Override
    public int outputs() {
        return grid.size();
    }

    @Override
    public long parameterCount() {
        return layout.count();
    }

    @Override
    public INDArray initialParameters(RandomStream init) {
        return layout.initial(type, init);
    }

    @Override
    public Pass forward(INDArray params, INDArray x, INDArray t) {
        return forward(params, x, t, null);
    }

    /** The pass on the tape; with a tangent v (null: none) every op also carries its tangent, so (∂F/∂x) v comes out beside F. */
    @Override
    public TangentPass forward(INDArray params, INDArray x, INDArray t, INDArray tangent) {
        long n = x.rows();
        Tape tape = new Tape(params);
        Tape.Node in = tangent == null ? tape.input(images(x)) : tape.input(images(x), images(tangent.castTo(type)));
        Tape.Node out = network(tape, in, t);
        return new TapePass(tape, in, out, rowsLayout(), n);
    }

    /** The caller's rows as channels-last maps and back. */
    private TapePass.Layout rowsLayout() {
        return new TapePass.Layout() {
            public INDArray toNetwork(INDArray rows) {
                return images(rows.castTo(type));
            }

            public INDArray toRows(INDArray values, long n) {
                return rows(values, n);
            }

            public INDArray inputRows(INDArray gradient, long n) {
                return rows(gradient, n).dup();
            }
        };
    }

    private Tape.Node network(Tape tape, Tape.Node in, INDArray t) {
        INDArray embedding = time.embed(t);
        if (grid.frames() > 1) embedding = embedding.repeat(0, grid.frames());
        if (givenFrames > 0) {
            // the flags are the last F conditioning columns: per frame on a clip grid, all F for stacked frames
            INDArray flags = t.get(NDArrayIndex.all(), NDArrayIndex.interval(t.columns() - givenFrames, t.columns())).dup('c');
            embedding = Nd4j.hstack(embedding, grid.frames() > 1 ? flags.reshape('c', t.rows() * givenFrames, 1) : flags);
        }
        Tape.Node temb = Ops.silu(tape, timeDense.apply(tape, tape.input(embedding)));
        Tape.Node h = input.apply(tape, in);
        // per frame row, 1 where the temporal layers act: 0 on the frames of stills
        INDArray mix = stillsColumn < 0 ? null : t.getColumn(stillsColumn).rsub(1.0).reshape(t.rows(), 1).repeat(0, grid.frames());
        List<Tape.Node> skips = new ArrayList<>();
        for (int level = 0; level < down.size(); level++) {
            h = down.get(level).apply(tape, h, temb, mix);
            skips.add(h);
            if (level < pools.size()) h = pools.get(level).apply(tape, h);
        }
        h = middle.apply(tape, h, temb, mix);
        if (attention != null) h = Ops.add(tape, h, attention.apply(tape, h));
        if (temporalAttention != null) h = Ops.add(tape, h, Ops.scaleRows(tape, temporalAttention.apply(tape, h), mix));
        for (int j = 0; j < up.size(); j++) {
            if (j > 0) h = upsamples.get(j - 1).apply(tape, Ops.upsample(tape, h));
            h = up.get(j).apply(tape, Ops.concatChannels(tape, h, skips.get(skips.size() - 1 - j)), temb, mix);
        }
        return output.apply(tape, outNorm.apply(tape, h));
    }

    /** Rows (n × F·C·H·W) as the network's channels-last batch of frames (n·F, H, W, C). */
    private INDArray images(INDArray rows) {
        return Ops.channelsLast(rows, rows.rows() * grid.frames(), grid.channels(), grid.height(), grid.width());
    }

    /** The inverse of {@link #images}: (n·F, H, W, C) to rows (n × F·C·H·W). */
    private INDArray rows(INDArray maps, long n) {
        INDArray planes = grid.channels() == 1 ? maps : maps.permute(0, 3, 1, 2).dup('c');
        return planes.reshape('c', n, grid.size());
    }
}
