package org.langevin.spark;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.langevin.training.SocketPeers;
import org.langevin.training.workers.WorkerBody;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * One barrier task of train.workers: it binds a socket, learns every worker's address through the stage's single
 * allGather (Spark's gang scheduling places and starts them together), joins its peers over TCP and trains as worker
 * {@code partitionId} (the application's {@link WorkerBody}). A task Spark kills (a lost peer fails the stage) closes its sockets, so
 * that no read holds its slot until a timeout.
 */
final class RankTask extends AbstractFunction1<Iterator<Integer>, Iterator<Integer>> implements Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * A peer silent this long fails the exchange, and so the stage (Spark runs it again): far longer than two workers
     * drift apart between syncs; during the driver's previews and FID passes the workers wait on its line, not on each other.
     */
    private static final int PEER_TIMEOUT_MILLIS = 600_000;
    private final String configYaml;
    private final String coordinatorHost;
    private final int coordinatorPort;
    private final boolean loopback;

    RankTask(String configYaml, InetSocketAddress coordinator, boolean loopback) {
        this.configYaml = configYaml;
        this.coordinatorHost = coordinator.getHostString();
        this.coordinatorPort = coordinator.getPort();
        this.loopback = loopback;
    }

    @Override
    public Iterator<Integer> apply(Iterator<Integer> ranks) {
        // a local cluster's executors are in the terminal's process group: Ctrl-C reaches them as well as the driver, which
        // stops the workers at their next sync point (an executor that died of it would fail the stage first)
        if (!"driver".equals(SparkEnv.get().executorId())) Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        BarrierTaskContext task = BarrierTaskContext.get();
        int rank = task.partitionId();
        List<Closeable> open = new ArrayList<>();
        Thread watcher = new Thread(() -> closeWhenKilled(task, open), "worker-" + rank + "-watch");
        watcher.setDaemon(true);
        watcher.start();
        try {
            String host = loopback ? "127.0.0.1" : SparkEnv.get().blockManager().blockManagerId().host();
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(host));
            keep(open, listener);
            String[] all = task.allGather(host + ":" + listener.getLocalPort()); // by partition: rank order
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (String a : all) {
                int colon = a.lastIndexOf(':');
                addresses.add(new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))));
            }
            try (SocketPeers peers = SocketPeers.connect(rank, listener, addresses, PEER_TIMEOUT_MILLIS)) {
                keep(open, peers::close);
                InetSocketAddress coordinator = new InetSocketAddress(coordinatorHost, coordinatorPort);
                WorkerBody.load().train(configYaml, peers, task.stageAttemptNumber(), coordinator, line -> keep(open, line));
            }
            return CollectionConverters.asScala(List.of(rank).iterator());
        } catch (IOException e) {
            throw new IllegalStateException("worker " + rank + ": " + e.getMessage(), e);
        } finally {
            watcher.interrupt();
            closeAll(open);
        }
    }

    /** Polls the task's kill flag; a killed task's sockets are closed, which ends any read it is blocked in. */
    private static void closeWhenKilled(BarrierTaskContext task, List<Closeable> open) {
        try {
            while (!task.isInterrupted()) Thread.sleep(500);
            closeAll(open);
        } catch (InterruptedException e) {
            // the task ended
        }
    }

    private static void keep(List<Closeable> open, Closeable c) {
        synchronized (open) {
            open.add(c);
        }
    }

    private static void closeAll(List<Closeable> open) {
        synchronized (open) {
            for (Closeable c : open) {
                try {
                    c.close();
                } catch (IOException | RuntimeException e) {
                    // closing what may be closed already
                }
            }
        }
    }
}
