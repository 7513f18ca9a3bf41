package org.langevin.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.langevin.core.ConfigException;
import org.langevin.reports.BenchReport;
import org.langevin.reports.TorchBuild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code langevin report bench}: Langevin against the PyTorch builds users install, medians of alternating rounds, and profiles. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Langevin vs the PyTorch references, medians of alternating rounds, and a profile of train_dsm.")
final class BenchReportCommand implements Callable<Integer> {
    private static final List<Integer> DEFAULT_POINTS = List.of(10_000, 100_000, 1_000_000);

    @Option(names = "--reference", paramLabel = "FILE", description = "the PyTorch reference script (default bench/torch_reference.py)")
    Path reference;

    @Option(names = "--torch-venv", paramLabel = "DIR", description = "the virtual environment of PyPI's torch, created on first use "
            + "outside the project (default ~/.cache/langevin/torch-pypi)")
    Path torchVenv;

    @Option(names = "--rounds", description = "alternating rounds of Langevin and PyTorch (default 5)")
    int rounds = 5;

    @Option(names = "--points", split = ",", paramLabel = "N", description = "points of the memory and scale runs (default 10000,100000,1000000)")
    List<Integer> points = DEFAULT_POINTS;

    @Option(names = "--memory-steps", paramLabel = "N", description = "steps of the long train_unet_28 run whose resident memory is "
            + "reported at step 100 and at its end (default 2000; 0: none)")
    int memorySteps = 2000;

    @Mixin
    ReportOptions report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TorchBuild.venv(torchVenv, Main.home()); // refused before any folder is made
        Path script = reference != null ? reference : Main.home().resolve("bench/torch_reference.py");
        if (!Files.isRegularFile(script)) throw new ConfigException("--reference", "no PyTorch reference at " + script);
        if (memorySteps < 0) throw new ConfigException("--memory-steps", "must be 0 (no memory run) or more, got " + memorySteps);
        Path folder = report.folder("bench");
        var builds = TorchBuild.find(torchVenv, Main.home(), System.err);
        String command = "./langevin report bench --rounds " + rounds + (torchVenv != null ? " --torch-venv " + torchVenv : "")
                + (memorySteps != 2000 ? " --memory-steps " + memorySteps : "") + (reference != null ? " --reference " + reference : "")
                + report.folderOptions()
                + (points.equals(DEFAULT_POINTS) ? "" : " --points " + points.stream().map(String::valueOf).collect(Collectors.joining(",")));
        new BenchReport(Main.home(), System.err).write(folder, script, builds, rounds, points, memorySteps, command);
        return ReportOptions.wrote(spec, folder.resolve("README.md"));
    }
}
