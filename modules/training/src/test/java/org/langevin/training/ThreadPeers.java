package org.langevin.training;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Workers as threads of one process, for the tests: each {@link #member} averages through shared slots. */
final class ThreadPeers {
    private final float[][] slots;
    private final CyclicBarrier barrier;

    ThreadPeers(int size) {
        this.slots = new float[size][];
        this.barrier = new CyclicBarrier(size);
    }

    Peers member(int rank) {
        return new Peers() {
            public int size() {
                return slots.length;
            }

            public int rank() {
                return rank;
            }

            public void average(float[] values) {
                slots[rank] = values.clone();
                await();
                Peers.meanInRankOrder(slots, values);
                await(); // nobody refills a slot while another worker still reads it
            }
        };
    }

    private void await() {
        try {
            barrier.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("a worker did not reach the exchange", e);
        }
    }
}
