package org.langevin.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.langevin.bench.Bench;
import org.langevin.sweep.ChildJvm;

/** The bench report's sections beyond the ratio tables: a long U-Net run's memory, JMH kernels beside PyTorch's, memory and scale. */
final class BenchSections {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path home;
    private final PrintStream log;
    private final BenchRunner runner;

    BenchSections(Path home, PrintStream log, BenchRunner runner) {
        this.home = home;
        this.log = log;
        this.runner = runner;
    }

    /** The resident memory of one long train_unet_28 run, after warm-up, at step 100 and at its last step. */
    String memory(int steps) throws IOException, InterruptedException {
        String out = runner.run(ChildJvm.command(home), List.of("bench", "--workload", "train_unet_28", "--steps", String.valueOf(steps),
                "--json"), 1);
        JsonNode r = JSON.readTree(out.substring(out.lastIndexOf("{")));
        return String.format(Locale.ROOT, "`./langevin bench --workload train_unet_28 --steps %d`: resident set (VmRSS, heap and native memory) "
                + "%.0f MiB after the warm-up steps, %.0f MiB at step 100 and %.0f MiB at step %d (%.2f steps/s over the run).%n",
                steps, r.path("rss_mb_after_warmup").asDouble(), r.path("rss_mb_step_100").asDouble(), r.path("rss_mb_end").asDouble(), steps,
                r.path("steps_per_s").asDouble());
    }

    /**
     * The JMH micro-benchmarks of modules/bench beside the same kernels in PyTorch (modules/bench/torch_kernels.py),
     * single-threaded, in the same sitting.
     */
    String kernels(TorchBuild build) throws IOException, InterruptedException {
        Path jar = home.resolve("modules/bench/target/langevin-bench.jar");
        if (!Files.isRegularFile(jar)) throw new IOException("no " + jar + ": build with mvn install");
        Path results = Files.createTempFile("langevin-jmh", ".json");
        String java = ProcessHandle.current().info().command().orElse("java");
        runner.run(List.of(java, "-jar", jar.toString()), List.of("-rf", "json", "-rff", results.toString()));
        Map<String, Double> ours = new TreeMap<>();
        for (JsonNode b : JSON.readTree(results.toFile())) {
            String name = b.path("benchmark").asText();
            ours.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), b.path("primaryMetric").path("score").asDouble());
        }
        Files.deleteIfExists(results);
        Map<String, Double> torch = new TreeMap<>();
        String script = home.resolve("modules/bench/torch_kernels.py").toString();
        for (String line : runner.run(List.of(build.python().toString(), script), List.of()).split("\n")) {
            if (!line.startsWith("{")) continue;
            JsonNode kernel = JSON.readTree(line);
            torch.put(kernel.path("benchmark").asText(), kernel.path("us").asDouble());
        }
        StringBuilder md = new StringBuilder("JMH (`java -jar modules/bench/target/langevin-bench.jar`, 5 × 1 s after 3 × 1 s warm-up, mean) against "
                + "the same kernels in " + build.label()
                        + " (`modules/bench/torch_kernels.py`, median of 5), µs per call, both single-threaded. Shapes of "
                + "train_dsm: a batch of 512 through 128-wide float32 layers.\n\n| kernel | Langevin µs | PyTorch µs | Langevin / "
                        + "PyTorch time |\n|---|---|---|---|\n");
        for (var e : ours.entrySet()) {
            Double t = torch.get(e.getKey());
            md.append(String.format(Locale.ROOT, "| `%s` | %.1f | %s | %s |%n", e.getKey(), e.getValue(), t == null ? "—"
                    : String.format(Locale.ROOT, "%.1f", t),
                    t == null ? "—" : String.format(Locale.ROOT, "%.2f", e.getValue() / t)));
        }
        return md.toString();
    }

    /**
     * sample_scale and likelihood_scale at each number of points, each in its own JVM with a 1 GiB heap: wall time,
     * time per point and peak resident memory.
     */
    String scale(List<Integer> points) throws IOException, InterruptedException {
        StringBuilder md = new StringBuilder("Each line is its own JVM with `-Xmx1g` (`./langevin bench --workload W --points N`): the 8-Gaussian "
                + "ring with its exact score under the VP SDE; sampling with Euler–Maruyama, 500 steps, in chunks of `sampler.batch_size` "
                + "(10,000); the log-likelihood of N ring points through the probability-flow ODE (Dormand–Prince, exact divergence) in "
                + "chunks of `likelihood.batch_size` (1,000). Peak RSS is VmHWM, heap and native memory together.\n\n"
                + "| workload | points | seconds | µs per point | NFE | peak RSS (MiB) |\n|---|---|---|---|---|---|\n");
        for (String w : Bench.SCALE_WORKLOADS) {
            for (int n : points) {
                log.println(w + " at " + n + " points");
                List<String> command = new ArrayList<>(ChildJvm.command(home));
                command.removeIf(a -> a.startsWith("-Xmx"));
                command.add(1, "-Xmx1g");
                String out = runner.run(command, List.of("bench", "--workload", w, "--points", String.valueOf(n), "--json"));
                JsonNode r = JSON.readTree(out.substring(out.lastIndexOf("\n{") + 1));
                md.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %d | %.0f |%n", w, n, r.path("seconds").asDouble(),
                        1e6 * r.path("seconds").asDouble() / n, r.path("nfe").asLong(), r.path("peak_rss_mb").asDouble()));
            }
        }
        return md.toString();
    }

}
