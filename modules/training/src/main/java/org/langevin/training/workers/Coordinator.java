package org.langevin.training.workers;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.langevin.training.Checkpoint;
import org.langevin.training.DivergenceException;
import org.langevin.training.Trainer;
import org.langevin.training.TrainingStopped;

/**
 * The driver's end of the workers' training: it hands each worker that connects the state to start from (the last sync
 * point it has a checkpoint of), and turns the workers' reports into one training as the run's listener sees it, on
 * the calling thread. A stage that Spark runs again after a lost worker starts every worker from that checkpoint; the
 * steps they repeat were reported already and are not passed on twice. A stop is decided once per sync point, when rank
 * 0 asks, and every worker gets that answer.
 */
public final class Coordinator implements AutoCloseable {
    private record Peer(int rank, int attempt, DataOutputStream out) {
        void answer(boolean value) {
            try {
                synchronized (out) {
                    out.writeBoolean(value);
                    out.flush();
                }
            } catch (IOException e) {
                // a worker that is gone: its stage fails and Spark runs it again
            }
        }
    }

    private record Event(Peer peer, int kind, int step, double[] numbers, String text, Checkpoint checkpoint) {}

    /** The coordinator's own kinds of event, beside {@link WorkerLink}'s reports: a worker's line opened, or what it sent cannot be read. */
    private static final int HELLO = 0;
    private static final int UNREADABLE = -1;
    private static final long GRACE_NANOS = 60_000_000_000L;
    private static final long DRAIN_NANOS = 10_000_000_000L;
    private final ServerSocket server;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<Integer, Boolean> stops = new HashMap<>();
    private final Map<Integer, List<Peer>> waiting = new HashMap<>();
    private final int[] statsUpTo;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet(); // the workers' lines, closed with the coordinator
    private volatile long endedAt; // when the workers' job was first seen done (0: not yet)
    private Checkpoint latest;
    private int attempt;
    private int stepsUpTo;
    private int previewsUpTo;

    public Coordinator(InetAddress bind, int workers) throws IOException {
        this.server = new ServerSocket(0, 50, bind);
        this.statsUpTo = new int[workers];
        Thread acceptor = new Thread(this::accept, "coordinator-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /**
     * Serves the workers of {@code job} from {@code start} (null: the first step) until rank 0 reports the end: returns
     * the final state, or throws {@link TrainingStopped} or {@link DivergenceException} as a trainer on this machine does.
     */
    public Checkpoint serve(Checkpoint start, Trainer.StepListener listener, Workers.Observer observer, Future<?> job) throws InterruptedException {
        latest = start;
        stepsUpTo = start == null ? 0 : start.step();
        previewsUpTo = stepsUpTo;
        while (true) {
            Event e = events.poll(200, TimeUnit.MILLISECONDS);
            if (e == null) {
                if (workersGone(job)) throw new IllegalStateException("the workers ended before training did" + cause(job));
                continue;
            }
            if (e.peer().attempt() < attempt) continue; // a report from a stage Spark has given up on
            switch (e.kind()) {
                case HELLO -> hello(e.peer(), observer);
                case UNREADABLE -> throw new IllegalStateException("worker " + e.peer().rank() + " sent a report this run cannot read: " + e.text());
                case WorkerLink.STEP -> {
                    if (e.step() > stepsUpTo) listener.onStep(e.step(), e.numbers()[0], e.numbers()[1], e.numbers()[2]);
                    stepsUpTo = Math.max(stepsUpTo, e.step());
                }
                case WorkerLink.STATS -> figures(e, observer);
                case WorkerLink.CHECKPOINT -> {
                    if (latest == null || e.step() > latest.step()) {
                        listener.onCheckpoint(e.checkpoint());
                        latest = e.checkpoint();
                    }
                }
                case WorkerLink.PREVIEW -> {
                    if (e.step() > previewsUpTo) listener.onPreview(e.step(), e.checkpoint());
                    previewsUpTo = Math.max(previewsUpTo, e.step());
                    e.peer().answer(true);
                }
                case WorkerLink.ASK_STOP -> askStop(e, listener);
                case WorkerLink.DONE -> {
                    lastFigures(observer);
                    return e.checkpoint();
                }
                case WorkerLink.STOPPED -> throw new TrainingStopped(e.checkpoint());
                // a worker's own state between syncs is not the model's: then the last checkpoint is the last good state
                case WorkerLink.DIVERGED -> throw new DivergenceException(e.step(), e.text(), e.checkpoint() != null ? e.checkpoint() : latest);
                default -> throw new IllegalStateException("unknown report " + e.kind() + " from worker " + e.peer().rank());
            }
        }
    }

    private void figures(Event e, Workers.Observer observer) {
        if (e.step() > statsUpTo[e.peer().rank()]) observer.worker(e.peer().rank(), e.step(), e.numbers()[0], e.numbers()[1]);
        statsUpTo[e.peer().rank()] = Math.max(statsUpTo[e.peer().rank()], e.step());
    }

    /** After rank 0's end, the other workers' last figures: until every line is closed and read, or for ten seconds at most. */
    private void lastFigures(Workers.Observer observer) throws InterruptedException {
        long until = System.nanoTime() + DRAIN_NANOS;
        while (System.nanoTime() < until) {
            boolean closed = open.isEmpty(); // before the poll: a line closed now has queued all it sent
            Event e = events.poll(50, TimeUnit.MILLISECONDS);
            if (e == null && closed) return;
            if (e != null && e.kind() == WorkerLink.STATS && e.peer().attempt() == attempt) figures(e, observer);
        }
    }

    /** The job is done and its reports are read: every line closed, or a grace period over for lines whose host vanished. */
    private boolean workersGone(Future<?> job) {
        if (!job.isDone()) return false;
        if (endedAt == 0) endedAt = System.nanoTime();
        // lines before the queue: a reader queues a worker's last report before it lets the line go
        boolean linesClosed = open.isEmpty() || System.nanoTime() - endedAt > GRACE_NANOS;
        return linesClosed && events.isEmpty();
    }

    private void hello(Peer peer, Workers.Observer observer) {
        if (peer.attempt() > attempt) {
            attempt = peer.attempt();
            observer.restarted(attempt, latest == null ? 0 : latest.step());
        }
        try {
            synchronized (peer.out()) {
                peer.out().writeBoolean(latest != null);
                if (latest != null) latest.write(peer.out());
                peer.out().flush();
            }
        } catch (IOException e) {
            // gone already: its stage fails
        }
    }

    /** Rank 0's question decides the sync point (the run's own stop rule); the others get the same answer, waiting for it. */
    private void askStop(Event e, Trainer.StepListener listener) {
        Boolean decided = stops.get(e.step());
        if (decided == null && e.peer().rank() == 0) {
            decided = listener.stopRequested(e.step());
            stops.put(e.step(), decided);
            for (Peer p : waiting.getOrDefault(e.step(), List.of())) p.answer(decided);
            waiting.remove(e.step());
        }
        if (decided == null) waiting.computeIfAbsent(e.step(), s -> new ArrayList<>()).add(e.peer());
        else e.peer().answer(decided);
    }

    private static String cause(Future<?> job) {
        try {
            job.get();
            return "";
        } catch (ExecutionException e) {
            return ": " + e.getCause().getMessage();
        } catch (Exception e) {
            return ": " + e;
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
                Thread reader = new Thread(() -> read(socket), "coordinator-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One worker's reports, in order, onto the queue the serving thread reads. */
    private void read(Socket socket) {
        try (socket; DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16))) {
            Peer peer = new Peer(in.readInt(), in.readInt(), new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16)));
            events.add(new Event(peer, HELLO, 0, null, null, null));
            readReports(in, peer);
        } catch (IOException e) {
            // the worker closed its line (done) or is gone (its stage fails, and Spark runs it again)
        } finally {
            open.remove(socket);
        }
    }

    /** Reports until the line ends; one that cannot be read (another version's checkpoint, say) ends the run with its reason. */
    private void readReports(DataInputStream in, Peer peer) throws IOException {
        try {
            while (true) {
                int kind = in.readInt();
                int step = in.readInt();
                double[] numbers = switch (kind) {
                    case WorkerLink.STEP -> new double[] {in.readDouble(), in.readDouble(), in.readDouble()};
                    case WorkerLink.STATS -> new double[] {in.readDouble(), in.readDouble()};
                    default -> null;
                };
                String text = kind == WorkerLink.DIVERGED ? in.readUTF() : null;
                boolean carries = kind == WorkerLink.DIVERGED ? in.readBoolean()
                        : kind == WorkerLink.CHECKPOINT || kind == WorkerLink.PREVIEW || kind >= WorkerLink.DONE;
                events.add(new Event(peer, kind, step, numbers, text, carries ? Checkpoint.read(in, "worker " + peer.rank()) : null));
            }
        } catch (EOFException | SocketException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            events.add(new Event(peer, UNREADABLE, 0, null, String.valueOf(e.getMessage()), null));
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) s.close();
    }
}
