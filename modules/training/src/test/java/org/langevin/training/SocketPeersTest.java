package org.langevin.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Three workers on the loopback interface: the same floats for each, the mean in rank order, twice; a vanished peer fails the exchange. */
class SocketPeersTest {
    private static final int N = 3;

    private static List<SocketPeers> group(ExecutorService pool) throws Exception {
        List<ServerSocket> listeners = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int k = 0; k < N; k++) {
            ServerSocket s = new ServerSocket(0, N, InetAddress.getLoopbackAddress());
            listeners.add(s);
            addresses.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()));
        }
        List<Future<SocketPeers>> joining = new ArrayList<>();
        for (int k = 0; k < N; k++) {
            int rank = k;
            joining.add(pool.submit(() -> SocketPeers.connect(rank, listeners.get(rank), addresses, 20_000)));
        }
        List<SocketPeers> peers = new ArrayList<>();
        for (Future<SocketPeers> f : joining) peers.add(f.get());
        for (ServerSocket s : listeners) s.close();
        return peers;
    }

    @Test
    void everyWorkerGetsTheSameMeanSummedInRankOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(N);
        List<SocketPeers> peers = group(pool);
        try {
            for (int round = 0; round < 2; round++) {
                int length = round == 0 ? 3_000_000 : 7; // 12 MB each way: sends and reads must overlap
                float[][] vectors = new float[N][length];
                Random random = new Random(round);
                for (float[] v : vectors) for (int i = 0; i < length; i++) v[i] = (float) random.nextGaussian() * 1e3f;
                float[] expected = new float[length];
                for (int i = 0; i < length; i++) expected[i] = (0f + vectors[0][i] + vectors[1][i] + vectors[2][i]) / N;
                List<Future<float[]>> results = new ArrayList<>();
                for (int k = 0; k < N; k++) {
                    int rank = k;
                    results.add(pool.submit(() -> {
                        float[] mine = vectors[rank].clone();
                        peers.get(rank).average(mine);
                        return mine;
                    }));
                }
                for (int k = 0; k < N; k++) {
                    float[] got = results.get(k).get();
                    int mismatch = Arrays.mismatch(got, expected); // -1: the same floats (a diff of 3M elements is too slow)
                    assertThat(mismatch).as("worker %d, round %d: first differing element %d", k, round, mismatch).isEqualTo(-1);
                }
            }
        } finally {
            peers.forEach(SocketPeers::close);
            pool.shutdownNow();
        }
    }

    @Test
    void aPeerThatVanishesFailsTheExchangeOfTheOthers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(N);
        List<SocketPeers> peers = group(pool);
        try {
            peers.get(2).close();
            Future<?> first = pool.submit(() -> peers.get(0).average(new float[] {1f, 2f}));
            Future<?> second = pool.submit(() -> peers.get(1).average(new float[] {3f, 4f}));
            for (Future<?> f : List.of(first, second)) {
                assertThatThrownBy(f::get).hasCauseInstanceOf(UncheckedIOException.class).hasMessageContaining("exchange");
            }
        } finally {
            peers.forEach(SocketPeers::close);
            pool.shutdownNow();
        }
    }
}
