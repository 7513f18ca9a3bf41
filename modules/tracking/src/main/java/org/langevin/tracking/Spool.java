package org.langevin.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one run could not send to the tracking server, kept on disk in the order it was logged until it is replayed.
 * Layout of the run's folder: {@code run.json} (where the run lives, or for a run started offline its experiment, name
 * and tags), then one {@code NNNNNNNN.json} per operation and {@code NNNNNNNN.file} with the bytes of an artifact.
 * An operation's JSON is written to a temporary file and moved into place, so a crash never leaves half an entry.
 */
public final class Spool {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One spooled operation and its sequence number. */
    public record Entry(long seq, ObjectNode op, Path file) {}

    private final Path dir;
    private long next;

    private Spool(Path dir, long next) {
        this.dir = dir;
        this.next = next;
    }

    /** The spool folder of a run (created if missing), continuing its sequence. */
    static Spool open(Path dir) {
        try {
            Files.createDirectories(dir);
            long last = entryFiles(dir).stream().mapToLong(Spool::seqOf).max().orElse(0);
            return new Spool(dir, last + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Where the run lives (run.json), or null before it is written. */
    public ObjectNode header() {
        Path file = dir.resolve("run.json");
        try {
            return Files.isRegularFile(file) ? (ObjectNode) JSON.readTree(file.toFile()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header of a run started offline: its local id, experiment, (redacted) name and tags, and start time. */
    static ObjectNode offlineHeader(String localId, String experimentName, String runName, Map<String, String> tags) {
        ObjectNode header = JSON.createObjectNode().put("offline", true).put("local_id", localId).put("experiment_name", experimentName)
                .put("run_name", runName == null ? "" : Redaction.text(runName)).put("start_time", System.currentTimeMillis());
        ObjectNode tagNode = header.putObject("tags");
        tags.forEach((key, value) -> tagNode.put(key, Redaction.value(key, value)));
        return header;
    }

    /** The header of a run that exists on a server. */
    static ObjectNode onlineHeader(String runId, String experimentId, String artifactUri, String uri) {
        return JSON.createObjectNode().put("run_id", runId).put("experiment_id", experimentId).put("artifact_uri", artifactUri)
                .put("tracking_uri", uri);
    }

    void writeHeader(ObjectNode header) {
        write(dir.resolve("run.json"), header);
    }

    public boolean isEmpty() {
        return entryFiles(dir).isEmpty();
    }

    public int size() {
        return entryFiles(dir).size();
    }

    /** Appends an operation; an artifact's bytes are copied into the spool first. */
    synchronized void append(ObjectNode op, Path artifact) {
        long seq = next++;
        try {
            if (artifact != null) {
                Path copy = dir.resolve(String.format("%08d.file", seq));
                Files.copy(artifact, copy, StandardCopyOption.REPLACE_EXISTING);
                op.put("file", copy.getFileName().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(dir.resolve(String.format("%08d.json", seq)), op);
    }

    /** The pending operations, oldest first. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Path f : entryFiles(dir)) {
            try {
                out.add(new Entry(seqOf(f), (ObjectNode) JSON.readTree(f.toFile()), f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The artifact bytes of an entry. */
    Path artifact(Entry e) {
        return dir.resolve(e.op().get("file").asText());
    }

    /** Drops an operation the server has taken. */
    void remove(Entry e) {
        try {
            if (e.op().has("file")) Files.deleteIfExists(artifact(e));
            Files.deleteIfExists(e.file());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Removes the folder once nothing is pending. */
    void deleteIfEmpty() {
        if (!isEmpty()) return;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every run folder under a spool root. */
    public static List<Spool> all(Path root) {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).sorted().map(Spool::open).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path target, JsonNode node) {
        try {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), node);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> entryFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{8}\\.json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long seqOf(Path f) {
        return Long.parseLong(f.getFileName().toString().substring(0, 8));
    }
}
