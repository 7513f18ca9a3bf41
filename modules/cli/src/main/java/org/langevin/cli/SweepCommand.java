package org.langevin.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.langevin.experiment.RunFailedException;
import org.langevin.experiment.run.Sweep;
import org.langevin.experiment.run.SweepFile;
import org.langevin.sweep.SweepExecutors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code langevin sweep SWEEP.yaml [--set key=value]... [--parallel N] [--json]}. Exit code 1 when some run did not finish. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run every cell × seed of a sweep file as MLflow runs under one parent run; cells that already FINISHED with the "
                + "same config are skipped.")
final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP.yaml", description = "the sweep file (name, base, set, grid, exclude, seeds)")
    Path file;

    @Option(names = "--parallel", paramLabel = "N", description = "runs at a time, each in its own JVM with its share of the cores (default 1)")
    int parallel = 1;

    @Mixin
    CommonOptions.Executor executor;

    @Mixin
    CommonOptions.Overrides overrides;

    @Mixin
    CommonOptions.JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SweepFile sweep = SweepFile.load(file).withOverrides(overrides.values);
        var out = spec.commandLine().getOut();
        String master = executor.master();
        Sweep.Summary summary = new Sweep(Main.home(), System.err, System.getenv()).run(sweep, SweepExecutors.named(executor.name,
                master, Main.home()), parallel, master, o -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("run_id", o.runId());
            line.put("status", o.status());
            line.put("skipped", o.skipped());
            line.put("seed", o.cell().seed());
            o.cell().values().forEach(line::put);
            if (o.error() != null) line.put("error", o.error());
            json.print(out, line);
            out.flush();
        });
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("parent_run_id", summary.parentRunId());
        last.put("experiment", summary.experiment());
        last.put("tracking_uri", summary.trackingUri());
        last.put("counts", summary.counts());
        last.put("skipped", summary.skipped());
        last.put("failed", summary.failed().stream().map(o -> o.cell().runName()).toList());
        if (!json.enabled) {
            List<String> counts = new ArrayList<>();
            summary.counts().forEach((status, n) -> counts.add(n + " " + status));
            out.printf("sweep '%s': %s (%d of them skipped: FINISHED before); parent run %s in experiment '%s'%n", sweep.name(),
                    String.join(", ", counts), summary.skipped(), summary.parentRunId(), summary.experiment());
        }
        if (summary.interrupted()) {
            throw RunFailedException.ended("sweep '" + sweep.name() + "' KILLED by a signal: " + summary.outcomes().size() + " of its runs ended; "
                    + "run the same command again to continue (FINISHED cells are skipped)", summary.parentRunId(), "KILLED");
        }
        json.print(out, last);
        return summary.failed().isEmpty() ? 0 : Main.FAILED;
    }
}
