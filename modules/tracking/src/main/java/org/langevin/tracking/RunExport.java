package org.langevin.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.mlflow.api.proto.Service;

/**
 * A finished run carried from one tracking server to another: {@link #write} puts everything it logged (params, tags,
 * every value of every metric, dataset inputs, artifacts but those left out, its status and times) into a folder in the
 * spool's layout, as a run started offline; {@link #read} sends such folders to a server, where each becomes a new run
 * tagged {@code exported_run_id} with its old id (a folder whose run is already there is skipped). Every tag is carried
 * but the run name tag, the user and the lease, which the new run has of its own; a parent run is named in
 * {@code exported_parent_run_id}, since it does not exist on the new server.
 */
public final class RunExport {
    /** The tag an imported run carries: the id it had on the server it was exported from. */
    public static final String EXPORTED_RUN_ID = "exported_run_id";
    /** The tag an imported child run carries: its parent's id on the server it was exported from. */
    public static final String EXPORTED_PARENT = "exported_parent_run_id";
    private static final String PARENT = "mlflow.parentRunId";
    private static final Set<String> DROPPED = Set.of("mlflow.runName", "mlflow.user", RunLease.TAG);

    private RunExport() {}

    /** What {@link #read} did: what it sent (with anything else that was spooled), and the old ids already on the server. */
    public record Imported(SpoolSync.Result sent, List<String> skipped) {}

    /** Writes run {@code runId} into {@code folder} (created; must be empty), leaving out the artifacts {@code leaveOut} names. */
    public static void write(Tracker tracker, String runId, Path folder, Predicate<String> leaveOut) throws IOException {
        RunRecord run = tracker.getRun(runId);
        if (!run.status().equals("FINISHED") && !run.status().equals("FAILED") && !run.status().equals("KILLED")) {
            throw new TrackingException("run " + runId + " is " + run.status() + ": export it once it has ended");
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                if (files.findAny().isPresent()) throw new TrackingException("the export folder " + folder + " is not empty");
            }
        }
        String experiment = tracker.client().getExperiment(run.experimentId()).getName();
        Map<String, String> tags = new LinkedHashMap<>();
        run.tags().forEach((k, v) -> {
            // the new run gets its own name tag, user and lease; a parent on the old server is named, not linked
            if (k.equals(PARENT)) tags.put(EXPORTED_PARENT, v);
            else if (!DROPPED.contains(k)) tags.put(k, v);
        });
        Spool spool = Spool.open(folder);
        ObjectNode header = Spool.offlineHeader(runId, experiment, run.runName(), tags).put("exported", true).put("start_time", run.startTime());
        spool.writeHeader(header);
        List<Map.Entry<String, String>> all = new ArrayList<>(run.params().entrySet());
        for (int i = 0; i < all.size(); i += TrackedRun.MAX_PARAMS_PER_BATCH) { // MLflow takes at most 100 params per request
            ObjectNode params = Spool.JSON.createObjectNode().put("type", "params");
            ObjectNode values = params.putObject("params");
            all.subList(i, Math.min(all.size(), i + TrackedRun.MAX_PARAMS_PER_BATCH)).forEach(e -> values.put(e.getKey(), e.getValue()));
            spool.append(params, null);
        }
        for (String key : run.latest().keySet()) {
            List<MetricPoint> history = tracker.metricHistory(runId, key);
            for (int i = 0; i < history.size(); i += TrackedRun.MAX_METRICS_PER_BATCH) {
                spool.append(MetricPoint.spoolOp(history.subList(i, Math.min(history.size(), i + TrackedRun.MAX_METRICS_PER_BATCH))), null);
            }
        }
        ArrayNode datasets = datasets(tracker.client().getRun(runId).getInputs());
        if (!datasets.isEmpty()) spool.append((ObjectNode) Spool.JSON.createObjectNode().put("type", "inputs").set("datasets", datasets), null);
        Path scratch = Files.createTempFile("langevin-export", ".artifact");
        try {
            for (String path : files(tracker, runId, "")) {
                if (leaveOut.test(path)) continue;
                tracker.downloadArtifact(runId, path, scratch);
                spool.append(Spool.JSON.createObjectNode().put("type", "artifact").put("path", path), scratch);
            }
        } finally {
            Files.deleteIfExists(scratch);
        }
        spool.append(Spool.JSON.createObjectNode().put("type", "terminate").put("status", run.status()).put("end_time", run.endTime()), null);
    }

    /** Sends every exported run folder under {@code root} to the tracker's server (the folders are left as they are). */
    public static Imported read(Tracker tracker, Path root) {
        List<String> skipped = new ArrayList<>();
        for (Spool exported : Spool.all(root)) {
            ObjectNode header = exported.header();
            if (header == null || !header.path("exported").asBoolean()) {
                throw new TrackingException(exported.dir() + " is not a run folder written by 'mlflow export'");
            }
            String oldId = header.path("local_id").asText();
            String filter = "tags." + EXPORTED_RUN_ID + " = '" + oldId + "'";
            boolean present = tracker.findExperiment(header.path("experiment_name").asText()) // a refused copy is not one
                    .map(id -> tracker.searchRuns(id, filter).stream().anyMatch(r -> !r.tags().containsKey(SpoolSync.REFUSED))).orElse(false);
            if (present) {
                skipped.add(oldId);
                continue;
            }
            copy(exported.dir(), tracker.spoolRoot().resolve("import-" + UUID.randomUUID()));
        }
        return new Imported(tracker.sync(), skipped);
    }

    /** The MLflow dataset inputs in the JSON of runs/log-inputs. */
    private static ArrayNode datasets(Service.RunInputs inputs) {
        ArrayNode out = Spool.JSON.createArrayNode();
        for (Service.DatasetInput input : inputs.getDatasetInputsList()) {
            ObjectNode entry = out.addObject();
            Service.Dataset d = input.getDataset();
            entry.putObject("dataset").put("name", d.getName()).put("digest", d.getDigest()).put("source_type", d.getSourceType())
                    .put("source", d.getSource()).put("schema", d.getSchema()).put("profile", d.getProfile());
            ArrayNode tags = entry.putArray("tags");
            input.getTagsList().forEach(t -> tags.addObject().put("key", t.getKey()).put("value", t.getValue()));
        }
        return out;
    }

    /** Every artifact file of a run under {@code path}, depth first. */
    private static List<String> files(Tracker tracker, String runId, String path) throws IOException {
        List<String> out = new ArrayList<>();
        String query = "artifacts/list?run_id=" + runId + (path.isEmpty() ? "" : "&path=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
        JsonNode listing = Spool.JSON.readTree(tracker.client().sendGet(query)).path("files");
        for (JsonNode f : listing) {
            if (f.path("is_dir").asBoolean()) out.addAll(files(tracker, runId, f.path("path").asText()));
            else out.add(f.path("path").asText());
        }
        return out;
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
