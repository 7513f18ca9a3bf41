package org.langevin.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.bench.Bench;
import org.langevin.core.ComputeThreads;
import org.langevin.core.ConfigException;
import org.langevin.experiment.run.Provenance;
import org.langevin.sweep.ChildJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code langevin bench [--threads N] [--workload NAME] [--repeats R] [--quick] [--json]}: the workloads of bench/WORKLOADS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time the benchmark workloads (train_dsm, score_eval, vjp_eval, likelihood_oracle, train_unet_digits, "
                + "train_unet_28, train_unet_clips) in-process after warm-up.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--threads", paramLabel = "N", description = "ND4J/OpenMP threads (default: OMP_NUM_THREADS, which ./langevin sets to 1)")
    Integer threads;

    @Option(names = "--workload", paramLabel = "NAME",
            description = "one of train_dsm, score_eval, vjp_eval, likelihood_oracle, train_unet_digits, train_unet_28, train_unet_clips "
            + "(default: all seven), "
            + "or sample_scale, likelihood_scale (memory and scale, with --points)")
    String workload;

    @Option(names = "--points", paramLabel = "N", description = "points for sample_scale and likelihood_scale (default 10000)")
    int points = 10_000;

    @Option(names = "--steps", paramLabel = "N", description = "U-Net workloads: training steps to time (default: 300, or 30 for train_unet_28)")
    int steps = 0;

    @Option(names = "--repeats", paramLabel = "R", description = "repeat each workload R times and report the median, with min and max (default 1)")
    int repeats = 1;

    @Option(names = "--quick", description = "fewer iterations (a smoke test; not for figures)")
    boolean quick;

    @Mixin
    CommonOptions.JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (repeats < 1) throw new ConfigException("--repeats", "must be at least 1, got " + repeats);
        if (points < 1) throw new ConfigException("--points", "must be at least 1, got " + points);
        if (steps < 0) throw new ConfigException("--steps", "must be at least 1 (0: the workload's own count), got " + steps);
        List<String> workloads = workload == null ? Bench.WORKLOADS : List.of(workload);
        List<String> known = new ArrayList<>(Bench.WORKLOADS);
        known.addAll(Bench.SCALE_WORKLOADS);
        for (String w : workloads) {
            if (!known.contains(w)) throw new ConfigException("--workload", "'" + w + "' is unknown; choose from " + known);
        }
        var out = spec.commandLine().getOut();
        if (threads != null && threads != Provenance.threads()) return relaunch(out);
        Bench bench = new Bench(quick, points, steps);
        for (String w : workloads) {
            Map<String, Object> result = medianOf(w, bench);
            if (json.enabled) json.print(out, result);
            else out.println(text(result));
            out.flush();
        }
        return 0;
    }

    /** One result as a line of text: the workload, then each figure as key=value (numbers to 4 significant digits). */
    static String text(Map<String, Object> result) {
        List<String> words = new ArrayList<>();
        result.forEach((k, v) -> words.add(k.equals("workload") ? String.valueOf(v)
                : k + "=" + (v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : v)));
        return String.join("  ", words);
    }

    /** Runs a workload R times: each numeric figure is the median, with _min and _max when R > 1. */
    private Map<String, Object> medianOf(String w, Bench bench) {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int r = 0; r < repeats; r++) runs.add(bench.run(w));
        Map<String, Object> out = new LinkedHashMap<>(runs.get(0));
        if (repeats == 1) return out;
        out.put("repeats", repeats);
        for (String key : runs.get(0).keySet()) {
            if (!(runs.get(0).get(key) instanceof Number) || List.of("threads", "points", "samples", "heap_max_mb").contains(key)) continue;
            double[] v = runs.stream().mapToDouble(m -> ((Number) m.get(key)).doubleValue()).sorted().toArray();
            out.put(key, v[v.length / 2]);
            out.put(key + "_min", v[0]);
            out.put(key + "_max", v[v.length - 1]);
        }
        return out;
    }

    /** OpenMP reads its thread count once per process: run the bench again in a JVM with OMP_NUM_THREADS=N. */
    private int relaunch(PrintWriter out) throws Exception {
        List<String> command = new ArrayList<>(ChildJvm.command(Main.home()));
        command.add("bench");
        if (workload != null) command.addAll(List.of("--workload", workload, "--points", String.valueOf(points)));
        if (steps > 0) command.addAll(List.of("--steps", String.valueOf(steps)));
        command.addAll(List.of("--repeats", String.valueOf(repeats)));
        if (quick) command.add("--quick");
        if (json.enabled) command.add("--json");
        ProcessBuilder b = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        ComputeThreads.limitChild(b.environment(), threads);
        Process p = b.start();
        out.print(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return p.waitFor();
    }
}
