package org.langevin.training.workers;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.langevin.training.Checkpoint;

/**
 * A worker's line to the {@link Coordinator} on the driver: it says its rank and attempt and gets the state to start
 * from; rank 0 then reports training's events (steps, checkpoints, the weights of previews and FID passes, the end), and
 * every worker its own figures and, at each sync point, whether to stop there.
 */
public final class WorkerLink implements Closeable {
    /** The messages, worker to coordinator. */
    static final int STEP = 1;
    static final int STATS = 2;
    static final int CHECKPOINT = 3;
    static final int PREVIEW = 4;
    static final int ASK_STOP = 5;
    static final int DONE = 6;
    static final int STOPPED = 7;
    static final int DIVERGED = 8;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private long waitedNanos;

    private WorkerLink(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
    }

    /** Connects, says rank and attempt, and reads the state to start from (null: the first step). */
    public static WorkerLink connect(InetSocketAddress coordinator, int rank, int attempt, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        socket.connect(coordinator, timeoutMillis);
        socket.setTcpNoDelay(true);
        WorkerLink link = new WorkerLink(socket);
        link.out.writeInt(rank);
        link.out.writeInt(attempt);
        link.out.flush();
        return link;
    }

    public Checkpoint start() throws IOException {
        return in.readBoolean() ? Checkpoint.read(in, "the coordinator's checkpoint") : null;
    }

    public void step(int step, double loss, double gradNorm, double learningRate) {
        send(STEP, step, () -> {
            out.writeDouble(loss);
            out.writeDouble(gradNorm);
            out.writeDouble(learningRate);
        });
    }

    public void stats(int step, double stepsPerSecond, double exchangeSeconds) {
        send(STATS, step, () -> {
            out.writeDouble(stepsPerSecond);
            out.writeDouble(exchangeSeconds);
        });
    }

    public void checkpoint(Checkpoint checkpoint) {
        send(CHECKPOINT, checkpoint.step(), () -> checkpoint.write(out));
    }

    /** The weights of a preview or FID pass at this step; returns once the coordinator has used them. */
    public void preview(int step, Checkpoint weights) {
        send(PREVIEW, step, () -> weights.write(out));
        answer();
    }

    public boolean askStop(int step) {
        send(ASK_STOP, step, () -> { });
        return answer();
    }

    public void done(Checkpoint last) {
        send(DONE, last.step(), () -> last.write(out));
    }

    public void stopped(Checkpoint last) {
        send(STOPPED, last.step(), () -> last.write(out));
    }

    /** A non-finite loss or gradient; {@code lastGood} null when this worker's state is not every worker's (between syncs). */
    public void diverged(int step, String reason, Checkpoint lastGood) {
        send(DIVERGED, step, () -> {
            out.writeUTF(reason);
            out.writeBoolean(lastGood != null);
            if (lastGood != null) lastGood.write(out);
        });
    }

    private interface Body {
        void write() throws IOException;
    }

    private void send(int kind, int step, Body body) {
        try {
            out.writeInt(kind);
            out.writeInt(step);
            body.write();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the coordinator on the driver is gone", e);
        }
    }

    private boolean answer() {
        long start = System.nanoTime();
        try {
            return in.readBoolean();
        } catch (IOException e) {
            throw new UncheckedIOException("the coordinator on the driver is gone", e);
        } finally {
            waitedNanos += System.nanoTime() - start;
        }
    }

    /** Seconds spent waiting for the driver's answers so far: its previews, FID passes and stop decisions, not training. */
    public double waitedSeconds() {
        return waitedNanos / 1e9;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
