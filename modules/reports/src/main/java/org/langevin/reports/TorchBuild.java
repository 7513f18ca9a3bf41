package org.langevin.reports;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.langevin.core.ConfigException;

/**
 * A PyTorch build the bench compares with: the Python that imports it and what {@code torch.__config__.show()} says
 * of it (version, BLAS, oneDNN, the CPU capability it dispatches to). Two builds: the current {@code torch} from PyPI
 * (MKL and oneDNN; what a researcher installs), in a virtual environment outside the project that is created on first
 * use, and Debian's {@code python3-torch} (whose BLAS is whatever libblas.so.3 the machine has), when installed.
 */
public record TorchBuild(String name, Path python, String version, String blas, String onednn, String capability) {
    private static final String DESCRIBE = "import json, re, torch\n"
            + "c = torch.__config__.show()\n"
            + "def grab(p):\n    m = re.search(p, c)\n    return m.group(1).strip() if m else 'none'\n"
            + "print(json.dumps({'version': torch.__version__, 'blas': grab(r'BLAS_INFO=([^,]*)'), "
            + "'onednn': grab(r'MKL-DNN (v[0-9.]+)'), 'capability': grab(r'CPU capability usage: (\\S+)')}))\n";

    /** The header cell: name, version and build. */
    String label() {
        return "torch " + version + " (" + name + ")";
    }

    /** One line for the report: where it runs and what it is built with. */
    String configLine() {
        return String.format("%s: `%s`, BLAS_INFO=%s, oneDNN %s, CPU capability %s", label(), python, blas, onednn, capability);
    }

    /**
     * The builds to compare with, PyPI's first. The PyPI virtual environment is {@code venv} (default
     * ~/.cache/langevin/torch-pypi), created with {@code python3 -m venv} and {@code pip install torch scipy numpy} on
     * first use; it must lie outside the project tree.
     */
    public static List<TorchBuild> find(Path venv, Path projectHome, PrintStream log) throws IOException, InterruptedException {
        Path dir = venv(venv, projectHome);
        Path python = dir.resolve("bin/python");
        if (!Files.isExecutable(python)) {
            log.println("installing torch from PyPI into " + dir + " (first use; the CUDA-enabled wheel is several GB)");
            run(List.of("python3", "-m", "venv", dir.toString()), 600);
            run(List.of(python.toString(), "-m", "pip", "install", "--quiet", "torch", "scipy", "numpy"), 3600);
        }
        List<TorchBuild> builds = new ArrayList<>();
        builds.add(describe("PyPI", python).orElseThrow(() -> new IOException(python + " does not import torch")));
        describe("Debian", Path.of("/usr/bin/python3")).ifPresentOrElse(builds::add,
                () -> log.println("Debian's python3-torch is not installed (apt-get install -y python3-torch python3-scipy): one reference only"));
        return builds;
    }

    /** The PyPI build's virtual environment: the one given, else the default; refused inside the project tree. */
    public static Path venv(Path given, Path projectHome) {
        Path dir = given != null ? given.toAbsolutePath().normalize() : defaultVenv(System.getenv());
        if (dir.startsWith(projectHome.toAbsolutePath().normalize())) {
            throw new ConfigException("--torch-venv", "must lie outside the project tree (" + projectHome + "), got " + dir);
        }
        return dir;
    }

    /** ~/.cache/langevin/torch-pypi, or under $XDG_CACHE_HOME. */
    static Path defaultVenv(Map<String, String> env) {
        String cache = env.getOrDefault("XDG_CACHE_HOME", "");
        Path base = cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache);
        return base.resolve("langevin/torch-pypi").toAbsolutePath().normalize();
    }

    /** The build a Python imports, or empty when it does not import torch. */
    static Optional<TorchBuild> describe(String name, Path python) throws IOException, InterruptedException {
        if (!Files.isExecutable(python)) return Optional.empty();
        Process p = new ProcessBuilder(python.toString(), "-c", DESCRIBE).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || !out.startsWith("{")) return Optional.empty();
        return Optional.of(parse(name, python, out));
    }

    /** The build from the JSON line {@link #DESCRIBE} prints. */
    static TorchBuild parse(String name, Path python, String json) {
        return new TorchBuild(name, python, field(json, "version"), field(json, "blas"), field(json, "onednn"), field(json, "capability"));
    }

    private static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "none";
    }

    private static void run(List<String> command, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroy();
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
