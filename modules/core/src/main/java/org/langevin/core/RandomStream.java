package org.langevin.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One named random stream backed by ND4J's counter-based native generator; its state can be saved and restored.
 *
 * <p>A stream may be worker {@code shard} of {@code shards} ({@link RandomStreams#shard}): every draw then draws
 * {@code shards} times as many leading rows (row-major) and keeps the rows of block {@code shard}, so that the workers
 * of a data-parallel run together draw exactly what one process drawing the whole batch draws, in the same order.
 */
public final class RandomStream {
    private final String name;
    private final Random random;
    private final int shard;
    private final int shards;

    RandomStream(String name, long seed) {
        this(name, seed, 0, 1);
    }

    RandomStream(String name, long seed, int shard, int shards) {
        this.name = name;
        this.random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        this.shard = shard;
        this.shards = shards;
    }

    public String name() {
        return name;
    }

    /** Standard normal draws of the given shape. */
    public INDArray normal(DataType type, long... shape) {
        return own(Nd4j.getExecutioner().exec(new GaussianDistribution(Nd4j.createUninitialized(type, whole(shape)), 0.0, 1.0), random));
    }

    /** Uniform draws on [lo, hi). */
    public INDArray uniform(DataType type, double lo, double hi, long... shape) {
        return own(Nd4j.getExecutioner().exec(new UniformDistribution(Nd4j.createUninitialized(type, whole(shape)), lo, hi), random));
    }

    /** Rademacher draws: ±1 with probability ½ each. */
    public INDArray rademacher(DataType type, long... shape) {
        INDArray bits = Nd4j.getExecutioner().exec(new BernoulliDistribution(Nd4j.createUninitialized(type, whole(shape)), 0.5), random);
        return own(bits).muli(2).subi(1);
    }

    /** The shape of the whole draw: the leading dimension times the shards. */
    private long[] whole(long[] shape) {
        if (shards == 1) return shape;
        long[] all = shape.clone();
        all[0] *= shards;
        return all;
    }

    /** This shard's block of leading rows of the whole draw (a row-major copy). */
    private INDArray own(INDArray drawn) {
        if (shards == 1) return drawn;
        long rows = drawn.size(0) / shards;
        return drawn.get(NDArrayIndex.interval(shard * rows, (shard + 1) * rows)).dup('c');
    }

    /** Integers uniform on {0, ..., bound-1}. */
    public int[] integers(int count, int bound) {
        double[] u = uniform(DataType.DOUBLE, 0.0, 1.0, count).toDoubleVector();
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = Math.min(bound - 1, (int) Math.floor(u[i] * bound));
        }
        return out;
    }

    /** A uniformly random permutation of {0, ..., n-1} (Fisher–Yates on uniform draws); not a per-row draw, so not for a shard. */
    public int[] permutation(int n) {
        if (shards > 1) throw new IllegalStateException("a permutation is not drawn by shards (stream " + name + ")");
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        double[] u = uniform(DataType.DOUBLE, 0.0, 1.0, Math.max(1, n)).toDoubleVector();
        for (int i = n - 1; i > 0; i--) {
            int j = Math.min(i, (int) Math.floor(u[i] * (i + 1)));
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    long[] state() {
        return new long[] {random.rootState(), random.nodeState()};
    }

    void restore(long[] state) {
        random.setStates(state[0], state[1]);
    }
}
