package org.langevin.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named, seeded random streams derived from one master seed. Each consumer asks for its own stream by name
 * ({@code streams.get("train/noise")}), so adding a consumer never shifts the draws of another one.
 */
public final class RandomStreams {
    private final long masterSeed;
    private final int shard;
    private final int shards;
    private final Map<String, RandomStream> streams = new TreeMap<>();

    public RandomStreams(long masterSeed) {
        this(masterSeed, 0, 1);
    }

    private RandomStreams(long masterSeed, int shard, int shards) {
        if (shards < 1 || shard < 0 || shard >= shards) throw new IllegalArgumentException("shard " + shard + " of " + shards);
        this.masterSeed = masterSeed;
        this.shard = shard;
        this.shards = shards;
    }

    /**
     * Worker {@code shard} of {@code shards} of a data-parallel run: the same seeds, each draw made whole and cut to this
     * worker's block of rows ({@link RandomStream}). Shard 0 of 1 draws as these streams do.
     */
    public RandomStreams shard(int shard, int shards) {
        return new RandomStreams(masterSeed, shard, shards);
    }

    public long masterSeed() {
        return masterSeed;
    }

    /** The stream with this name, created on first use with a seed mixed from the master seed and the name. */
    public synchronized RandomStream get(String name) {
        return streams.computeIfAbsent(name, n -> new RandomStream(n, streamSeed(masterSeed, n), shard, shards));
    }

    /** The states of every stream created so far, by name (for checkpoints). */
    public synchronized Map<String, long[]> states() {
        Map<String, long[]> states = new TreeMap<>();
        streams.forEach((name, stream) -> states.put(name, stream.state()));
        return states;
    }

    /** Restores stream states saved by {@link #states()}. */
    public synchronized void restore(Map<String, long[]> states) {
        states.forEach((name, state) -> get(name).restore(state));
    }

    /** SplitMix64 finaliser over the master seed and the UTF-8 bytes of the name: stable across JVMs. */
    static long streamSeed(long master, String name) {
        long h = mix(master ^ 0x9E3779B97F4A7C15L);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
