package org.langevin.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless chromium as the MLflow UI tests use it: through the project's DevTools script
 * ({@code ci/devtools.sh}, the one the README's screenshot scripts use), run from the checkout's root with the test's
 * own JDK.
 */
final class HeadlessChromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {}

    /**
     * The DOM the UI (a single-page app) renders for a URL once {@code readyWhen}, a JavaScript expression, holds; the
     * test fails when it never does. The window is 8000 pixels tall because MLflow draws chart cards only in view.
     */
    static String dom(String url, String readyWhen) throws IOException, InterruptedException {
        return run(List.of("ci/devtools.sh", "--size", "1600x8000", "--open", url, "--wait", readyWhen,
                "--print", "document.documentElement.outerHTML"), Map.of());
    }

    /** Runs a command from the checkout's root and returns its output; a failure, or a hang past 180 s, fails the test. */
    static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path log = Files.createTempFile("langevin-chromium-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(Cli.home().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("JAVA", java());
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) { // the browser under it goes too
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 180 s:\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            if (p.exitValue() != 0) throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The java running the tests, for the scripts (a JDK: its javac compiles ci/devtools/). */
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
