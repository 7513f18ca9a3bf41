package org.langevin.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a training workload spends its time: Java Flight Recorder samples of its training steps (stacks under
 * Trainer.train), split into native code (ND4J's C++ kernels, oneDNN, entered through JNI) and Java, with the native
 * entry points, the innermost Langevin class and the innermost Langevin method of every sample.
 */
public final class BenchProfile {
    private BenchProfile() {}

    /** Markdown for one JFR recording of a bench run. */
    static String of(Path jfr) throws IOException {
        Map<String, Integer> nativeEntry = new TreeMap<>();
        Map<String, Integer> classes = new TreeMap<>();
        Map<String, Integer> methods = new TreeMap<>();
        int java = 0;
        int inNative = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            boolean isNative = type.equals("jdk.NativeMethodSample");
            if (!(isNative || type.equals("jdk.ExecutionSample")) || e.getStackTrace() == null) continue;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.stream().noneMatch(f -> name(f).equals("Trainer.train"))) continue; // setup and warm-up aside
            if (isNative) {
                inNative++;
                nativeEntry.merge(name(frames.get(0)), 1, Integer::sum);
            } else {
                java++;
            }
            frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("org.langevin")).findFirst().ifPresent(f -> {
                methods.merge(name(f), 1, Integer::sum);
                String owner = f.getMethod().getType().getName();
                classes.merge(owner.substring(owner.lastIndexOf('.') + 1).split("\\$")[0], 1, Integer::sum);
            });
        }
        int total = java + inNative;
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "JFR (`settings=profile`) samples of the training steps (stacks "
                + "under `Trainer.train`): %d in all, %.0f %% in native code (ND4J's C++ kernels and oneDNN, entered through JNI) and %.0f %% "
                + "in Java (Langevin's code and kernels, ND4J's Java side: shape bookkeeping, allocation and deallocation of native buffers).%n%n",
                total, 100.0 * inNative / Math.max(1, total), 100.0 * java / Math.max(1, total)));
        md.append("| innermost Langevin class | share of all samples |\n|---|---|\n").append(shares(classes, total));
        md.append("\n| native entry point | share of all samples |\n|---|---|\n").append(shares(nativeEntry, total));
        md.append("\n| innermost Langevin method | share of all samples |\n|---|---|\n").append(shares(methods, total));
        Files.deleteIfExists(jfr);
        return md.toString();
    }

    private static String shares(Map<String, Integer> counts, int total) {
        StringBuilder md = new StringBuilder();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
                .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / total)));
        return md.toString();
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    /** The CPU model and its vector extensions, from /proc/cpuinfo: figures from machines with other ones do not compare. */
    static String cpu() {
        try {
            String model = "unknown CPU";
            String flags = "";
            Map<String, String> id = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                String key = line.contains(":") ? line.substring(0, line.indexOf(':')).trim() : "";
                String value = line.contains(":") ? line.substring(line.indexOf(':') + 1).trim() : "";
                if (key.equals("model name")) model = value;
                if (key.equals("flags")) flags = value;
                if (List.of("cpu family", "model", "cpu MHz").contains(key)) id.putIfAbsent(key, value);
            }
            model += " (family " + id.get("cpu family") + ", model " + id.get("model") + ", " + id.get("cpu MHz") + " MHz)";
            List<String> vector = Arrays.stream(flags.split(" "))
                    .filter(f -> f.matches("avx|avx2|fma|avx512f|avx512bw|avx512vl|avx512_vnni|avx512_bf16|amx_tile")).toList();
            return model + ", " + String.join(", ", vector);
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
