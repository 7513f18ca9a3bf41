package org.langevin.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.langevin.core.ComputeThreads;
import org.langevin.sweep.ChildJvm;

/** Runs the bench's processes for {@link BenchReport}: Langevin's bench in a child JVM, a PyTorch build's references, JFR profiles. */
final class BenchRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path home;

    BenchRunner(Path home) {
        this.home = home;
    }

    /** Every workload of Langevin's bench at a thread count, one JSON line each. */
    String langevin(int threads) throws IOException, InterruptedException {
        return run(ChildJvm.command(home), List.of("bench", "--json"), threads);
    }

    /** One build's references: the MLP and likelihood workloads, and the U-Net workloads beside them. */
    String pytorch(TorchBuild build, Path reference, int threads) throws IOException, InterruptedException {
        Path unet = reference.resolveSibling("torch_unet_reference.py");
        String python = build.python().toString();
        return run(List.of(python, reference.toString()), List.of("--threads", String.valueOf(threads)), threads)
                + run(List.of(python, unet.toString()), List.of("--threads", String.valueOf(threads)), threads);
    }

    /** A JFR recording of one workload's bench run, summarised by {@link BenchProfile}. */
    String profile(String workload, List<String> extra) throws IOException, InterruptedException {
        Path jfr = Files.createTempFile("langevin-" + workload, ".jfr");
        List<String> command = new ArrayList<>(ChildJvm.command(home));
        command.add(1, "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        List<String> args = new ArrayList<>(List.of("bench", "--workload", workload));
        args.addAll(extra);
        run(command, args, 1);
        return BenchProfile.of(jfr);
    }

    String run(List<String> command, List<String> args) throws IOException, InterruptedException {
        return run(command, args, 1);
    }

    String run(List<String> command, List<String> args, int threads) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.addAll(args);
        ProcessBuilder b = new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.DISCARD);
        ComputeThreads.limitChild(b.environment(), threads);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", full) + " failed (exit " + p.exitValue() + ")");
        return out;
    }

    /** Each JSON line of a bench output under its workload. */
    static void collect(Map<String, List<JsonNode>> into, String output) throws IOException {
        for (String line : output.split("\n")) {
            if (!line.startsWith("{")) continue;
            JsonNode node = JSON.readTree(line);
            into.computeIfAbsent(node.path("workload").asText(), k -> new ArrayList<>()).add(node);
        }
    }
}
