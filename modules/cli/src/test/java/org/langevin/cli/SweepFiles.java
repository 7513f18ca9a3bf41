package org.langevin.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-seed sweep file for the tests: its name, base experiment, set: (flow YAML, or none) and one grid line. */
final class SweepFiles {
    private SweepFiles() {}

    static Path write(Path dir, String file, String name, String base, String set, String grid) throws IOException {
        return Files.writeString(dir.resolve(file), "name: " + name + "\nbase: " + Cli.experiment(base) + "\n" + (set == null ? "" : "set: "
                + set + "\n")
                + "grid:\n  " + grid + "\nseeds: [1]\n");
    }
}
