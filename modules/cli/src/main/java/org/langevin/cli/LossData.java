package org.langevin.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.langevin.core.ConfigException;
import picocli.CommandLine.Option;

/** The data sets and seeds of the loss and unification studies: each data set is experiments/losses/NAME.yaml. */
final class LossData {
    @Option(names = "--seeds", split = ",", description = "seeds (default 1,2,3)")
    List<Long> seeds = List.of(1L, 2L, 3L);

    @Option(names = "--data", split = ",", description = "data sets, each experiments/losses/NAME.yaml (default ring,mixture,checkerboard)")
    List<String> data = List.of("ring", "mixture", "checkerboard");

    /** --data: each experiments/losses/NAME.yaml, which must exist. */
    List<Path> experiments() {
        List<Path> experiments = data.stream().map(d -> Main.home().resolve("experiments/losses").resolve(d + ".yaml")).toList();
        for (Path p : experiments) {
            if (!Files.isRegularFile(p)) throw new ConfigException("--data", "no experiment file " + p);
        }
        return experiments;
    }

    /** The options as the reproducing command gives them. */
    String options() {
        return " --seeds " + String.join(",", seeds.stream().map(String::valueOf).toList()) + " --data " + String.join(",", data);
    }

    /** Each of {@code chosen} must be one of {@code known}, refused under {@code option} otherwise. */
    static void check(String option, List<String> chosen, List<String> known) {
        for (String c : chosen) {
            if (!known.contains(c)) throw new ConfigException(option, "'" + c + "' is unknown; choose from " + known);
        }
    }
}
