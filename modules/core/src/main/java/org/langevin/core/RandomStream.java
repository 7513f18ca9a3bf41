package org.langevin.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** One named random stream backed by ND4J's counter-based native generator; its state can be saved and restored. */
public final class RandomStream {
    private final String name;
    private final Random random;

    RandomStream(String name, long seed) {
        this.name = name;
        this.random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    public String name() {
        return name;
    }

    /** Standard normal draws of the given shape. */
    public INDArray normal(DataType type, long... shape) {
        return Nd4j.getExecutioner().exec(new GaussianDistribution(Nd4j.createUninitialized(type, shape), 0.0, 1.0), random);
    }

    /** Uniform draws on [lo, hi). */
    public INDArray uniform(DataType type, double lo, double hi, long... shape) {
        return Nd4j.getExecutioner().exec(new UniformDistribution(Nd4j.createUninitialized(type, shape), lo, hi), random);
    }

    /** Rademacher draws: ±1 with probability ½ each. */
    public INDArray rademacher(DataType type, long... shape) {
        INDArray bits = Nd4j.getExecutioner().exec(new BernoulliDistribution(Nd4j.createUninitialized(type, shape), 0.5), random);
        return bits.muli(2).subi(1);
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

    /** A uniformly random permutation of {0, ..., n-1} (Fisher–Yates on uniform draws). */
    public int[] permutation(int n) {
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
