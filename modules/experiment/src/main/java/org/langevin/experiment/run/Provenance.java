package org.langevin.experiment.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.langevin.core.ComputeThreads;
import org.langevin.experiment.config.ExperimentConfig;
import org.nd4j.linalg.factory.Nd4j;

/** What a run needs to be reproduced and compared: code version, config hash, runtime, backend and threads. */
public final class Provenance {
    public static final String ND4J_VERSION = "1.0.0-M2.1";
    public static final String VERSION = "0.1.0";

    private Provenance() {}

    public static Map<String, String> tags(Path home, ExperimentConfig config, String job) {
        Map<String, String> tags = software(home);
        tags.put("config_hash", config.hash());
        tags.put("train_hash", config.trainingHash());
        tags.put("job", job);
        tags.put("mlflow.source.name", "langevin");
        tags.put("mlflow.source.type", "LOCAL");
        return tags;
    }

    /** The code and software that run: commit, dirty flag, Langevin, Java and ND4J versions, backend and threads. */
    static Map<String, String> software(Path home) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("git_commit", commit(home));
        String status = git(home, "status", "--porcelain", "--untracked-files=no");
        tags.put("git_dirty", status.equals("unknown") ? "unknown" : String.valueOf(!status.isBlank()));
        tags.put("langevin_version", VERSION);
        tags.put("java_version", System.getProperty("java.version"));
        tags.put("nd4j_version", ND4J_VERSION);
        tags.put("backend", backend());
        tags.put("threads", String.valueOf(threads()));
        return tags;
    }

    /** The commit of the code that runs (HEAD of the checkout at home), or "unknown". */
    public static String commit(Path home) {
        return git(home, "rev-parse", "HEAD");
    }

    static String backend() {
        String name = Nd4j.getBackend().getClass().getSimpleName();
        return name.toLowerCase(Locale.ROOT).contains("cuda") ? "cuda" : "cpu";
    }

    /** The compute threads of this process (the run's {@code threads} key once its parts are built). */
    public static int threads() {
        return ComputeThreads.current();
    }

    private static String git(Path home, String... args) {
        try {
            String[] cmd = new String[args.length + 3];
            cmd[0] = "git";
            cmd[1] = "-C";
            cmd[2] = home.toString();
            System.arraycopy(args, 0, cmd, 3, args.length);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return "unknown";
            return out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
