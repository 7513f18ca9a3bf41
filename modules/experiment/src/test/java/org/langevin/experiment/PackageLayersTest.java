package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packages of this module import only the root and the packages below them: no cycle, nothing upward. */
class PackageLayersTest {
    /** From the bottom up; a package may import those before it. workers and restore sit on top, side by side. */
    private static final List<String> LAYERS = List.of("", "config", "assembly", "evaluation", "run", "restore|workers");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.langevin\\.experiment\\.(?:([a-z]+)\\.)?[A-Z]",
            Pattern.MULTILINE);

    @Test
    void everyPackageImportsOnlyTheRootAndThePackagesBelowIt() throws IOException {
        Path root = Path.of("src/main/java/org/langevin/experiment");
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file.getParent()).toString();
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String imported = m.group(1) == null ? "" : m.group(1);
                    if (layer(imported) >= layer(pkg) && !imported.equals(pkg)) upward.add(file.getFileName() + " (" + pkg + ") imports " + imported);
                }
            }
        }
        assertThat(upward).as("imports of a package at or above the importer's layer").isEmpty();
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) if (pkg.matches(LAYERS.get(i))) return i;
        throw new AssertionError("package experiment." + pkg + " has no layer: add it to LAYERS");
    }
}
