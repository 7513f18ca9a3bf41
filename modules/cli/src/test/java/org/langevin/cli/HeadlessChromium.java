package org.langevin.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium in headless mode: the DOM the MLflow UI (a single-page app) renders for a URL. The virtual-time
 * budget lets the app fetch and render before the dump; running every compositor stage before drawing makes the lazily
 * rendered chart cards appear.
 */
final class HeadlessChromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {}

    static String dom(String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("langevin-chromium-");
        try {
            Process p = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=1600,8000", "--run-all-compositor-stages-before-draw",
                    "--virtual-time-budget=20000", "--dump-dom", url)).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(profile.resolve("dom.html").toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) { // a hung browser fails the test instead of blocking it
                p.destroyForcibly();
                throw new IOException("chromium did not finish within 120 s on " + url);
            }
            return Files.readString(profile.resolve("dom.html"), StandardCharsets.UTF_8);
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
