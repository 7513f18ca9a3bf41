package org.langevin.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@link Peers} over TCP: every worker connects to every other (a full mesh, each pair once: the higher rank dials the
 * lower one's listener and says its rank), and an average sends this worker's vector to each peer while reading theirs,
 * then sums all of them in rank order. N − 1 sends per worker and sync: meant for a few workers; a ring would suit many.
 * A peer that stops answering for {@code timeoutMillis} fails the exchange, and with it the worker's task.
 */
public final class SocketPeers implements Peers, AutoCloseable {
    private static final int MAX_VALUES = Integer.MAX_VALUE / Float.BYTES - 8;
    private final int rank;
    private final List<Socket> sockets;          // by rank; null at this worker's own rank
    private final List<DataInputStream> inputs;
    private final List<DataOutputStream> outputs;
    private final ExecutorService senders;

    private SocketPeers(int rank, List<Socket> sockets) throws IOException {
        this.rank = rank;
        this.sockets = sockets;
        this.inputs = new ArrayList<>();
        this.outputs = new ArrayList<>();
        for (Socket s : sockets) {
            inputs.add(s == null ? null : new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16)));
            outputs.add(s == null ? null : new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16)));
        }
        this.senders = Executors.newFixedThreadPool(Math.max(1, sockets.size() - 1), r -> {
            Thread t = new Thread(r, "peer-send");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins the group: {@code listener} is this worker's bound socket, {@code addresses} every worker's listener by rank
     * (this one's included). Returns once connected to all the others.
     */
    public static SocketPeers connect(int rank, ServerSocket listener, List<InetSocketAddress> addresses, int timeoutMillis) throws IOException {
        int size = addresses.size();
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < size; i++) sockets.add(null);
        try {
            for (int lower = 0; lower < rank; lower++) {
                Socket s = new Socket();
                sockets.set(lower, s);
                s.connect(addresses.get(lower), timeoutMillis);
                new DataOutputStream(s.getOutputStream()).writeInt(rank);
            }
            listener.setSoTimeout(timeoutMillis);
            for (int higher = rank + 1; higher < size; higher++) {
                Socket s = listener.accept();
                int from = new DataInputStream(s.getInputStream()).readInt();
                if (from <= rank || from >= size || sockets.get(from) != null) {
                    s.close();
                    throw new IOException("unexpected peer rank " + from);
                }
                sockets.set(from, s);
            }
            for (Socket s : sockets) {
                if (s == null) continue;
                s.setSoTimeout(timeoutMillis);
                s.setTcpNoDelay(true);
            }
            return new SocketPeers(rank, sockets);
        } catch (IOException | RuntimeException e) { // the group is not joined: nothing of it stays open in a long-lived executor
            for (Socket s : sockets) {
                if (s != null) s.close();
            }
            throw e;
        }
    }

    @Override
    public int size() {
        return sockets.size();
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public void average(float[] values) {
        if (values.length > MAX_VALUES) { // one message is one Java array of bytes
            throw new IllegalStateException("an exchange of " + values.length + " values is more than one message holds (" + MAX_VALUES
                    + "): with train.sync_every > 1 a sync averages six values per parameter, so that limit is about 89 M parameters");
        }
        byte[] mine = bytes(values);
        List<Future<?>> sent = new ArrayList<>();
        for (int peer = 0; peer < size(); peer++) {
            DataOutputStream out = outputs.get(peer);
            if (out == null) continue;
            sent.add(senders.submit(() -> {
                out.writeInt(values.length);
                out.write(mine);
                out.flush();
                return null;
            }));
        }
        float[][] all = new float[size()][];
        all[rank] = values; // read at index i before the mean writes index i: no copy needed
        try {
            for (int peer = 0; peer < size(); peer++) {
                if (peer == rank) continue;
                DataInputStream in = inputs.get(peer);
                int length = in.readInt();
                if (length != values.length) throw new IOException("peer " + peer + " sent " + length + " values, this worker " + values.length);
                byte[] raw = new byte[length * Float.BYTES];
                in.readFully(raw);
                all[peer] = new float[length];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(all[peer]);
            }
            for (Future<?> f : sent) f.get();
        } catch (IOException e) {
            throw new UncheckedIOException("the exchange with the other workers failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the exchange", e);
        } catch (ExecutionException e) {
            throw new UncheckedIOException("sending to another worker failed: " + e.getCause().getMessage(),
                    e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        }
        Peers.meanInRankOrder(all, values);
    }

    private static byte[] bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    @Override
    public void close() {
        senders.shutdownNow();
        for (Socket s : sockets) {
            if (s == null) continue;
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
