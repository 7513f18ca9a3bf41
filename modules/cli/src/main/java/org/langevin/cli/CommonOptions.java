package org.langevin.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.langevin.core.ConfigException;
import org.langevin.data.CsvPoints;
import org.langevin.experiment.run.TrainedModel;
import picocli.CommandLine.Option;

/** Options several commands share, as picocli mixins. */
final class CommonOptions {
    private CommonOptions() {}

    /** {@code --set key=value}, repeatable. */
    static final class Overrides {
        @Option(names = "--set", paramLabel = "key=value", description = "override a config key (repeatable), e.g. --set train.steps=500")
        List<String> values = new ArrayList<>();
    }

    /** {@code --executor NAME [--master URL]}: where a sweep's runs, or one run's workers, are computed. */
    static final class Executor {
        @Option(names = "--executor", paramLabel = "NAME", description = "local (this machine, the default) or spark: a sweep's runs as "
                + "Spark tasks, or a run's training on train.workers Spark tasks")
        String name = "local";

        @Option(names = "--master", paramLabel = "URL", description = "spark: the master URL (default: local mode in this JVM, with "
                + "--parallel task slots and 4 attempts per task for a sweep, train.workers slots for a run)")
        String master;

        /** Spark's master URLs: local[N], local[N,F], local-cluster[N,C,MB], spark://HOST:PORT[,HOST:PORT], yarn, k8s://URL. */
        private static final Pattern MASTER = Pattern.compile(
                "local(\\[(\\d+|\\*)(,\\d+)?])?|local-cluster\\[\\d+,\\d+,\\d+]|spark://[^\\s,/:]+(:\\d+)?(,[^\\s,/:]+(:\\d+)?)*|yarn|k8s://\\S+");

        /** --master as given (null: none), checked before anything starts: a URL Spark would refuse only once its context starts. */
        String master() {
            if (master != null && !MASTER.matcher(master).matches()) {
                throw new ConfigException("--master", "'" + master + "' is not a Spark master URL; valid: local, local[N], local[N,F], "
                        + "local-cluster[N,C,MB], spark://HOST:PORT, yarn, k8s://https://HOST:PORT");
            }
            return master;
        }
    }

    /** {@code --json}: the last line of stdout is one JSON object. */
    static final class JsonOutput {
        @Option(names = "--json", description = "print one JSON object as the last line of stdout")
        boolean enabled;

        void print(PrintWriter out, Map<String, Object> object) {
            if (enabled) out.println(Json.line(object));
        }
    }

    /** {@code --config FILE | --run RUN_ID}: where the model to sample from or evaluate comes from. */
    static final class ModelSource {
        @Option(names = "--config", paramLabel = "FILE", description = "experiment file (oracle scores)")
        Path config;

        @Option(names = "--run", paramLabel = "RUN_ID", description = "a finished run: its resolved config and checkpoint")
        String runId;

        TrainedModel load(Overrides overrides) throws IOException {
            return TrainedModel.load(config, runId, overrides.values, System.getenv());
        }
    }

    /** The rows of a CSV file given with {@code option}; a file that cannot be read or parsed is that option's error. */
    static double[][] readPoints(String option, Path file, String prefix) {
        try {
            return CsvPoints.read(file, prefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option, e.getMessage());
        }
    }

    /** An output file must go into an existing, writable folder and must not be a folder: checked before any work or run starts. */
    static void checkWritable(String option, Path file) {
        Path absolute = file.toAbsolutePath();
        Path folder = absolute.getParent();
        if (Files.isDirectory(absolute)) throw new ConfigException(option, file + " is a folder; give a file name");
        if (folder == null || !Files.isDirectory(folder)) throw new ConfigException(option, "the folder " + folder + " does not exist");
        if (!Files.isWritable(folder)) throw new ConfigException(option, "the folder " + folder + " is not writable");
        if (Files.exists(absolute) && !Files.isWritable(absolute)) throw new ConfigException(option, file + " is not writable");
    }
}
