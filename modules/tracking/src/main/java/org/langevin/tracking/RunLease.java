package org.langevin.tracking;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;

/**
 * Who runs a run: the tag {@value #TAG} = "HOST PID START HEARTBEAT" (the process's start and its latest heartbeat in
 * milliseconds since the epoch), renewed every {@link #BEAT} while the process works on the run. A RUNNING run whose
 * holder is gone (its process ended on this host, or no heartbeat for {@link #STALE}) was ended without a word (kill -9,
 * a crash, a lost machine): the next command that reads it marks it KILLED with that reason, and it stays resumable.
 * A run whose holder lives is refused to a second {@code --resume}.
 */
public final class RunLease implements AutoCloseable {
    public static final String TAG = "lease";
    static final Duration BEAT = Duration.ofSeconds(20);
    static final Duration STALE = Duration.ofMinutes(2);

    /** One holder of a lease, as its tag says. */
    public record Holder(String host, long pid, long start, long heartbeat) {
        static Optional<Holder> parse(String tag) {
            String[] parts = tag == null ? new String[0] : tag.trim().split(" ");
            if (parts.length != 4) return Optional.empty();
            try {
                return Optional.of(new Holder(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        String tag() {
            return host + " " + pid + " " + start + " " + heartbeat;
        }

        /** On this host: its process still runs (same PID and start). Elsewhere: a heartbeat within {@link #STALE}. */
        public boolean alive(long now) {
            if (host.equals(HOST)) {
                return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()).map(Instant::toEpochMilli).map(s -> Math.abs(s - start) < 1000)
                        .orElse(false);
            }
            return now - heartbeat < STALE.toMillis();
        }

        /** "process 1234 on host (heartbeat 12 s ago)". */
        public String describe(long now) {
            return "process " + pid + " on " + host + " (heartbeat " + Math.max(0, (now - heartbeat) / 1000) + " s ago)";
        }
    }

    /** A run another live process holds: it is not continued a second time. */
    public static final class Taken extends TrackingException {
        Taken(String message) {
            super(message);
        }
    }

    private static final String HOST = hostName();
    private static final Holder SELF = new Holder(HOST, ProcessHandle.current().pid(),
            ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L), 0);
    private final TrackedRun run;
    private final Thread beat;

    private RunLease(TrackedRun run) {
        this.run = run;
        renew();
        this.beat = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(BEAT.toMillis());
                    renew();
                }
            } catch (InterruptedException e) {
                // the run has ended
            }
        }, "lease-" + run.runId());
        beat.setDaemon(true);
        beat.start();
    }

    /** Takes the lease of a run this process starts or continues, and renews it until {@link #close}. */
    public static RunLease take(TrackedRun run) {
        return new RunLease(run);
    }

    /** True when the tag names this process. */
    static boolean mine(Map<String, String> tags) {
        return Holder.parse(tags.get(TAG)).map(h -> h.host().equals(SELF.host()) && h.pid() == SELF.pid()).orElse(false);
    }

    /** This process's lease tag as of now. */
    static String fresh() {
        return new Holder(SELF.host(), SELF.pid(), SELF.start(), System.currentTimeMillis()).tag();
    }

    /** Refuses a RUNNING run whose holder is another live process. */
    public static void refuseIfHeld(RunRecord record) {
        long now = System.currentTimeMillis();
        if (!record.status().equals("RUNNING") || mine(record.tags())) return;
        Holder.parse(record.tags().get(TAG)).filter(h -> h.alive(now)).ifPresent(h -> {
            throw new Taken("run " + record.runId() + " is RUNNING in " + h.describe(now) + ": wait for it to end, or stop it first");
        });
    }

    private void renew() {
        try {
            run.setTags(Map.of(TAG, fresh()));
        } catch (RuntimeException e) {
            // a missed heartbeat is retried at the next beat; the server may be away for a moment
        }
    }

    /** How long a process that takes a run waits before it checks that it holds the lease. */
    private static final long SETTLES_MS = 1000;

    /**
     * A run as it now stands: a RUNNING run whose process is gone is marked KILLED first, with the reason in
     * failure_reason, so no reader sees it RUNNING forever; it stays resumable. A reader that may not write (a read-only
     * user) sees it as it is.
     */
    static RunRecord settled(MlflowClient client, Service.Run run) {
        RunRecord record = RunRecord.of(run);
        long now = System.currentTimeMillis();
        Optional<Holder> gone = gone(record, now);
        if (gone.isEmpty()) return record;
        try {
            client.setTag(record.runId(), "failure_reason", "its process ended without a word (kill -9, a crash or a lost machine): "
                    + gone.get().describe(now) + "; it can be continued with --resume");
            client.setTerminated(record.runId(), Service.RunStatus.KILLED, gone.get().heartbeat());
            return RunRecord.of(client.getRun(record.runId()));
        } catch (MlflowClientException e) {
            return record;
        }
    }

    /**
     * Takes a stopped run for this process before it is set RUNNING again: refused while another live process holds it;
     * the lease is written first (a reader in between sees this process, not the dead one) and read back a moment later,
     * so that of two processes that took it at once the last writer goes on and the other gives way. Returns the run as
     * it was, with its stale failure_reason removed.
     */
    static Service.Run claim(MlflowClient client, String runId) {
        Service.Run previous = client.getRun(runId);
        refuseIfHeld(settled(client, previous));
        client.setTag(runId, TAG, fresh());
        if (previous.getData().getTagsList().stream().anyMatch(t -> t.getKey().equals("failure_reason"))) {
            client.deleteTag(runId, "failure_reason"); // how it ended before is no longer how it ends
        }
        try {
            Thread.sleep(SETTLES_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RunRecord now = RunRecord.of(client.getRun(runId));
        if (!mine(now.tags())) { // another process wrote the lease after this one: it goes on
            throw new Taken("run " + runId + " was taken at the same moment by " + Holder.parse(now.tags().get(TAG)).map(h
                    -> h.describe(System.currentTimeMillis()))
                    .orElse("another process"));
        }
        return previous;
    }

    /** The holder of a RUNNING run that is gone, if it is gone. */
    public static Optional<Holder> gone(RunRecord record, long now) {
        if (!record.status().equals("RUNNING")) return Optional.empty();
        return Holder.parse(record.tags().get(TAG)).filter(h -> !h.alive(now));
    }

    @Override
    public void close() {
        beat.interrupt();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replace(' ', '_');
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
