package org.langevin.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What every study report takes: where it writes, whether it may regenerate a report there, and --set overrides. */
final class ReportOptions {
    @Option(names = {"--out", "--output"}, paramLabel = "DIR", description = "where to write it (default: a new folder reports/STUDY, "
            + "with -2, -3, ... when that exists)")
    Path output;

    @Option(names = "--overwrite",
            description = "regenerate the report in the --out folder although it holds one (its kept prose stays: check it by hand)")
    boolean overwrite;

    @Mixin
    CommonOptions.Overrides overrides;

    /** The folder of a new report of {@code study}. */
    Path folder(String study) {
        return ReportFolder.choose(Main.home(), study, output, overwrite);
    }

    List<String> sets() {
        return overrides.values;
    }

    /** The command that reproduces a report: its head, then the --set keys it applied and the folder options. */
    String command(String head) {
        StringBuilder command = new StringBuilder(head);
        overrides.values.forEach(v -> command.append(" --set ").append(v));
        return command.append(folderOptions()).toString();
    }

    /** The options that name the folder, as the report's reproducing command gives them. */
    String folderOptions() {
        return (output != null ? " --output " + output : "") + (overwrite ? " --overwrite" : "");
    }

    /** Says where the report went, and ends the command successfully. */
    static int wrote(CommandSpec spec, Path file) {
        spec.commandLine().getOut().println("wrote " + file);
        return 0;
    }
}
