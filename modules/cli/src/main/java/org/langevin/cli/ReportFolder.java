package org.langevin.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.langevin.core.ConfigException;

/**
 * Where {@code report} writes: {@code --out DIR}, else a new folder {@code reports/NAME} (or {@code reports/NAME-2},
 * {@code -3}, ... when that one exists), so that a report never replaces a committed one by default. A {@code --out}
 * folder that already holds a report (README.md or report.md, with the prose kept in it) is refused unless
 * {@code --overwrite} says to regenerate it.
 */
final class ReportFolder {
    private static final List<String> REPORT_FILES = List.of("README.md", "report.md");

    private ReportFolder() {}

    static Path choose(Path home, String name, Path out, boolean overwrite) {
        if (out == null) {
            Path base = home.resolve("reports").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
            Path folder = base;
            for (int i = 2; Files.exists(folder); i++) folder = base.resolveSibling(base.getFileName() + "-" + i);
            return folder;
        }
        if (!overwrite && REPORT_FILES.stream().anyMatch(f -> Files.exists(out.resolve(f)))) {
            throw new ConfigException("--out", out + " holds a report already, whose text would no longer match its new figures; "
                    + "give a new folder, or add --overwrite to regenerate it (then check the kept prose by hand)");
        }
        return out;
    }
}
