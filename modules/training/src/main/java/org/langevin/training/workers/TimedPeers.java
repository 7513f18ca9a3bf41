package org.langevin.training.workers;

import org.langevin.training.Peers;

/** {@link Peers} that keep the time their averages took: a worker's exchange time, waiting for slower peers included. */
public final class TimedPeers implements Peers {
    private final Peers peers;
    private long nanos;

    public TimedPeers(Peers peers) {
        this.peers = peers;
    }

    @Override
    public int size() {
        return peers.size();
    }

    @Override
    public int rank() {
        return peers.rank();
    }

    @Override
    public void average(float[] values) {
        long start = System.nanoTime();
        peers.average(values);
        nanos += System.nanoTime() - start;
    }

    public double seconds() {
        return nanos / 1e9;
    }
}
