package org.langevin.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStream;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A small U-Net (Ronneberger et al. 2015) in the form diffusion models use it (Ho et al. 2020, Song et al. 2021): a 3×3
 * input convolution, per resolution level one residual block (group norm, SiLU, 3×3 convolution, plus a per-channel
 * shift from the time embedding, twice; Wu & He 2018 group norm) and a stride-2 convolution down, a middle block, then
 * nearest-neighbour upsampling, concatenation with the skip of the same level and a residual block up, and a group
 * norm, SiLU and 3×3 output convolution. The time input is embedded by Gaussian Fourier features and a dense SiLU layer.
 *
 * <p>For clips (frames F > 1) it is factorized in space and time: every convolution above acts on each frame, and after
 * each residual block a temporal residual layer mixes frames at every pixel, h += W_τ ⋆ SiLU(GN(h)) with a 3-tap
 * convolution along the frame axis (a (2+1)D factorization, Tran et al. 2018; Ho et al. 2022 "Video diffusion models").
 * An optional self-attention block after the middle block attends over every position of the deepest level, for clips
 * every frame and pixel at once.
 *
 * <p>The graph is built once with SameDiff, which differentiates it: the parameter gradient and the vector–Jacobian
 * product with respect to the data input both come from the gradient of Σ out ⊙ g for the given g. Weights are graph
 * variables loaded from the flat parameter vector before each pass, so the network stays stateless like the MLP.
 */
public final class UNet implements ScoreNetwork {
    private static final String X = "x";
    private static final String EMBEDDING = "embedding";
    private static final String UPSTREAM = "upstream";
    private static final String OUT = "out";
    private static final long CACHE_BYTES = 64L << 20;
    private static final int GC_EVERY = 20;

    /** One weight tensor: its graph variable and how it is initialised (normal with std, or the constant fill). */
    private record Param(SDVariable variable, long[] shape, double std, double fill) {
        long size() {
            long n = 1;
            for (long s : shape) n *= s;
            return n;
        }
    }

    private final PixelGrid grid;
    private final int[] widths;
    private final int groups;
    private final boolean attention;
    private final DataType type;
    private final FourierFeatures time;
    private final SameDiff graph = SameDiff.create();
    private final List<Param> params = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private long executions;

    /**
     * @param widths channels per resolution level (from the input resolution down); each must be divisible by groups
     * @param embeddingDim Fourier features of the time input
     * @param attention a self-attention block after the middle block, over every position of the deepest level (for
     *                  clips: every frame and pixel, so distant frames and moved content meet in one layer)
     */
    public UNet(PixelGrid grid, int[] widths, int groups, int embeddingDim, double fourierScale, boolean attention, DataType type,
                RandomStream init) {
        if (widths.length == 0) throw new IllegalArgumentException("at least one resolution level");
        int shrink = 1 << (widths.length - 1);
        if (grid.height() % shrink != 0 || grid.width() % shrink != 0) {
            throw new IllegalArgumentException(widths.length + " levels halve the image " + (widths.length - 1) + " times, but "
                    + grid.height() + "×" + grid.width() + " is not divisible by " + shrink);
        }
        checkGroups(widths, groups);
        this.grid = grid;
        this.widths = widths.clone();
        this.groups = groups;
        this.attention = attention;
        this.type = type;
        this.time = new FourierFeatures(embeddingDim, fourierScale, type, init);
        build();
    }

    /** Group norm needs every channel count divisible by the number of groups (0: no normalization). */
    public static void checkGroups(int[] widths, int groups) {
        if (groups < 0) throw new IllegalArgumentException("groups must be 0 (no normalization) or positive, got " + groups);
        for (int w : widths) {
            if (groups > 0 && w % groups != 0) {
                throw new IllegalArgumentException("channel count " + w + " of " + java.util.Arrays.toString(widths) + " is not divisible by "
                        + groups + " groups (0: no normalization)");
            }
        }
    }

    /** The spatial size of a feature map. */
    private record Size(int height, int width) {
        long pixels() {
            return (long) height * width;
        }

        Size halved() {
            return new Size(height / 2, width / 2);
        }
    }

    private void build() {
        int c = grid.channels();
        // frames are batch rows: (n·F, C, H, W); rows are reshaped outside the graph, since SameDiff gives no gradient
        // for a placeholder that reaches the graph through a reshape
        SDVariable x = graph.placeHolder(X, type, -1, c, grid.height(), grid.width());
        SDVariable embedding = graph.placeHolder(EMBEDDING, type, -1, time.dim());
        SDVariable upstream = graph.placeHolder(UPSTREAM, type, -1, c, grid.height(), grid.width());
        int timeWidth = 2 * widths[0];
        SDVariable temb = silu(dense("time", embedding, time.dim(), timeWidth));
        Size[] sizes = new Size[widths.length];
        sizes[0] = new Size(grid.height(), grid.width());
        for (int level = 1; level < widths.length; level++) sizes[level] = sizes[level - 1].halved();
        SDVariable h = conv("in", x, c, widths[0], 3, 1, false);
        List<SDVariable> skips = new ArrayList<>();
        int channels = widths[0];
        for (int level = 0; level < widths.length; level++) {
            h = residualBlock("down" + level, h, channels, widths[level], sizes[level], temb, timeWidth);
            channels = widths[level];
            skips.add(h);
            if (level + 1 < widths.length) h = conv("pool" + level, h, channels, channels, 3, 2, false);
        }
        int deepest = widths.length - 1;
        h = residualBlock("middle", h, channels, channels, sizes[deepest], temb, timeWidth);
        if (attention) h = h.add(selfAttention("attention", groupNorm("attention/norm", h, channels, sizes[deepest]), channels, sizes[deepest]));
        for (int level = deepest; level >= 0; level--) {
            if (level < deepest) h = conv("upsample" + level, graph.cnn().upsampling2d(h, 2, 2, true), channels, widths[level], 3, 1, false);
            h = residualBlock("up" + level, graph.concat(1, h, skips.get(level)), 2 * widths[level], widths[level], sizes[level], temb, timeWidth);
            channels = widths[level];
        }
        SDVariable out = conv("out", silu(groupNorm("out", h, channels, sizes[0])), channels, c, 3, 1, true).rename(OUT);
        graph.setLossVariables(graph.sum("objective", out.mul(upstream)));
        // the backward graph, with the data input's gradient; SameDiff prints a line per op to standard output meanwhile
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            graph.createGradFunction(X);
        } finally {
            System.setOut(stdout);
        }
    }

    /** y = h + F(h) with F = conv(SiLU(GN(conv(SiLU(GN(h))) + dense(temb)))), then the temporal layer for clips. */
    private SDVariable residualBlock(String name, SDVariable h, int in, int out, Size size, SDVariable temb, int timeWidth) {
        SDVariable a = conv(name + "/conv1", silu(groupNorm(name + "/norm1", h, in, size)), in, out, 3, 1, false);
        a = a.add(graph.reshape(dense(name + "/time", temb, timeWidth, out), -1, out, 1, 1));
        a = conv(name + "/conv2", silu(groupNorm(name + "/norm2", a, out, size)), out, out, 3, 1, false);
        SDVariable skip = in == out ? h : conv(name + "/skip", h, in, out, 1, 1, false);
        SDVariable y = skip.add(a);
        if (grid.frames() == 1) return y;
        return y.add(temporal(name + "/temporal", silu(groupNorm(name + "/norm_t", y, out, size)), out, size));
    }

    /** A 3-tap convolution along the frame axis at every pixel: (n·F, c, H, W) → (n, c, F, H·W), a 3×1 kernel, and back. */
    private SDVariable temporal(String name, SDVariable h, int channels, Size size) {
        SDVariable field = graph.permute(graph.reshape(h, -1, grid.frames(), channels, size.pixels()), 0, 2, 1, 3);
        SDVariable mixed = conv2d(name, field, channels, channels, 3, 1, 1, false);
        return graph.reshape(graph.permute(mixed, 0, 2, 1, 3), -1, channels, size.height(), size.width());
    }

    /**
     * Single-head self-attention over the F·H·W positions of each sample, softmax(QKᵀ/√c)V then an output projection
     * (Vaswani et al. 2017; the U-Net block of Ho et al. 2020): (n·F, c, H, W) → tokens (n, F·H·W, c) and back.
     */
    private SDVariable selfAttention(String name, SDVariable h, int channels, Size size) {
        long positions = grid.frames() * size.pixels();
        SDVariable tokens = graph.reshape(graph.permute(graph.reshape(h, -1, grid.frames(), channels, size.pixels()), 0, 1, 3, 2),
                -1, channels);
        SDVariable q = graph.reshape(dense(name + "/q", tokens, channels, channels), -1, positions, channels);
        SDVariable k = graph.reshape(dense(name + "/k", tokens, channels, channels), -1, positions, channels);
        SDVariable v = graph.reshape(dense(name + "/v", tokens, channels, channels), -1, positions, channels);
        SDVariable weights = graph.nn().softmax(graph.mmul(q, k, false, true, false).mul(1 / Math.sqrt(channels)), 2);
        SDVariable mixed = dense(name + "/out", graph.reshape(graph.mmul(weights, v), -1, channels), channels, channels);
        return graph.reshape(graph.permute(graph.reshape(mixed, -1, grid.frames(), size.pixels(), channels), 0, 1, 3, 2),
                -1, channels, size.height(), size.width());
    }

    private SDVariable conv(String name, SDVariable h, int in, int out, int kernel, int stride, boolean zero) {
        return conv2d(name, h, in, out, kernel, kernel, stride, zero);
    }

    /** A kH × kW convolution (NCHW, same padding); weights normal with std 1/√fan_in (zero for the output layer). */
    private SDVariable conv2d(String name, SDVariable h, int in, int out, int kH, int kW, int stride, boolean zero) {
        SDVariable w = param(name + "/w", zero ? 0 : 1 / Math.sqrt((double) kH * kW * in), 0, kH, kW, in, out);
        SDVariable b = param(name + "/b", 0, 0, out);
        Conv2DConfig config = Conv2DConfig.builder().kH(kH).kW(kW).sH(stride).sW(stride).paddingMode(PaddingMode.SAME)
                .dataFormat("NCHW").build();
        return graph.cnn().conv2d(h, w, b, config);
    }

    private SDVariable dense(String name, SDVariable h, int in, int out) {
        SDVariable w = param(name + "/w", 1 / Math.sqrt(in), 0, in, out);
        SDVariable b = param(name + "/b", 0, 0, 1, out);
        return graph.mmul(h, w).add(b);
    }

    /**
     * Group norm: per sample and group of channels, (h − mean)/√(var + 1e−5), then a per-channel scale and shift;
     * the identity with 0 groups.
     */
    private SDVariable groupNorm(String name, SDVariable h, int channels, Size size) {
        if (groups == 0) return h;
        SDVariable grouped = graph.reshape(h, -1, groups, (long) channels / groups * size.pixels());
        SDVariable centred = grouped.sub(graph.mean(grouped, true, 2));
        SDVariable variance = graph.mean(graph.math().square(centred), true, 2);
        SDVariable normed = graph.reshape(centred.mul(graph.math().rsqrt(variance.add(1e-5))), -1, channels, size.height(), size.width());
        SDVariable scale = param(name + "/scale", 0, 1, 1, channels, 1, 1);
        SDVariable shift = param(name + "/shift", 0, 0, 1, channels, 1, 1);
        return normed.mul(scale).add(shift);
    }

    private SDVariable silu(SDVariable h) {
        return h.mul(graph.nn().sigmoid(h));
    }

    private SDVariable param(String name, double std, double fill, long... shape) {
        SDVariable v = graph.var(name, Nd4j.zeros(type, shape));
        params.add(new Param(v, shape, std, fill));
        names.add(name);
        return v;
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
    public long parameterCount() {
        return params.stream().mapToLong(Param::size).sum();
    }

    @Override
    public INDArray initialParameters(RandomStream init) {
        INDArray flat = Nd4j.zeros(type, parameterCount());
        long offset = 0;
        for (Param p : params) {
            INDArray view = flat.get(NDArrayIndex.interval(offset, offset + p.size()));
            if (p.std() > 0) view.assign(init.normal(type, p.size()).muli(p.std()));
            else view.assign(p.fill());
            offset += p.size();
        }
        return flat;
    }

    @Override
    public Pass forward(INDArray params, INDArray x, INDArray t) {
        long n = x.rows();
        Map<String, INDArray> inputs = new HashMap<>();
        inputs.put(X, images(x));
        INDArray embedding = time.embed(t);
        inputs.put(EMBEDDING, grid.frames() > 1 ? embedding.repeat(0, grid.frames()) : embedding);
        INDArray output;
        synchronized (graph) {
            INDArray raw;
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                load(params);
                raw = graph.output(inputs, OUT).get(OUT);
                boundCaches();
            }
            try {
                output = raw.reshape(n, grid.size()).dup(); // in the caller's workspace, if any
            } finally {
                raw.close();
            }
        }
        return new Pass() {
            public INDArray output() {
                return output;
            }

            public INDArray parameterGradient(INDArray outputGradient) {
                INDArray flat = Nd4j.create(type, parameterCount());
                gradients(params, inputs, outputGradient, names, grads -> {
                    long offset = 0;
                    for (Param p : UNet.this.params) {
                        flat.get(NDArrayIndex.interval(offset, offset + p.size())).assign(grads.get(p.variable().name()).reshape(p.size()));
                        offset += p.size();
                    }
                });
                return flat;
            }

            public INDArray inputGradient(INDArray v) {
                INDArray vjp = Nd4j.create(type, n, grid.size());
                gradients(params, inputs, v, List.of(X), grads -> vjp.assign(grads.get(X).reshape(n, grid.size())));
                return vjp;
            }
        };
    }

    /**
     * Gradients of Σ out ⊙ g with respect to the named variables, at the given parameters, handed to {@code use} and
     * then freed: SameDiff runs outside the callers' loop workspaces (it keeps arrays between executions, which a
     * workspace would recycle), so its results are closed here rather than left to the garbage collector, which lets
     * native memory pile up between collections.
     */
    private void gradients(INDArray params, Map<String, INDArray> inputs, INDArray g, List<String> wanted,
                           java.util.function.Consumer<Map<String, INDArray>> use) {
        Map<String, INDArray> feed = new HashMap<>(inputs);
        feed.put(UPSTREAM, images(g.castTo(type)));
        synchronized (graph) {
            Map<String, INDArray> grads;
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                load(params);
                grads = graph.calculateGradients(feed, wanted);
                boundCaches();
            }
            try {
                use.accept(grads);
            } finally {
                grads.values().forEach(INDArray::close);
            }
        }
    }

    /**
     * SameDiff's sessions keep released arrays for reuse in a cache sized by default to a quarter of the machine's
     * memory, which a long training run fills (12 GB resident on a 24 GB machine); this bounds it.
     */
    private void boundCaches() {
        // SameDiff also leaves arrays of each execution to the garbage collector, whose native memory piles up between
        // collections of the small Java heap they occupy (4.7 MB a training step here): a collection every few passes
        // keeps the resident set bounded (1.1 GB instead of 2.4 GB after 300 steps, and growing)
        if (++executions % GC_EVERY == 0) System.gc();
        for (SameDiff sd : new SameDiff[] {graph, graph.getFunction("grad")}) {
            if (sd == null) continue;
            for (InferenceSession session : sd.getSessions().values()) {
                if (session.getMmgr() instanceof ArrayCacheMemoryMgr cache && cache.getMaxCacheBytes() != CACHE_BYTES) {
                    cache.setMaxCacheBytes(CACHE_BYTES);
                }
            }
        }
    }

    /** Rows (n × F·C·H·W) as the graph's (n·F, C, H, W) batch. */
    private INDArray images(INDArray rows) {
        return rows.dup('c').reshape('c', rows.rows() * grid.frames(), grid.channels(), grid.height(), grid.width());
    }

    private void load(INDArray flat) {
        long offset = 0;
        for (Param p : params) {
            p.variable().getArr().assign(flat.get(NDArrayIndex.interval(offset, offset + p.size())).reshape(p.shape()));
            offset += p.size();
        }
    }
}
