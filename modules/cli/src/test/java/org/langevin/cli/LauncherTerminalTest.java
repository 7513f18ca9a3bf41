package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.TestServer;
import org.langevin.tracking.Tracker;

/**
 * The {@code ./langevin} launcher as a person sees it: in a pseudo-terminal (util-linux {@code script}), the training
 * progress bar (carriage returns, no newline) reaches the screen while training runs, and Ctrl-C prints the KILLED line
 * with the run id and the command that resumes it.
 */
class LauncherTerminalTest {
    private static final Pattern STARTED = Pattern.compile("run ([0-9a-f]{32}) started in experiment");
    private static final Pattern STEPS = Pattern.compile("train +\\d+% \\[[^\\]]*\\] +([1-9]\\d*)/100000");

    /** What the terminal has shown so far, read on a thread of its own; the time each pattern first showed up. */
    private static final class Screen {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Screen(InputStream in) {
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the terminal closed
                }
            }, "terminal");
            reader.setDaemon(true);
            reader.start();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits for the screen to satisfy {@code shown}; the wait's end in nanoTime. */
        long await(Predicate<String> shown, long seconds, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!shown.test(text())) {
                if (System.nanoTime() > deadline) throw new AssertionError("no " + what + " within " + seconds + " s; the terminal shows:\n"
                        + text());
                Thread.sleep(20);
            }
            return System.nanoTime();
        }
    }

    @Test
    void progressIsLiveAndCtrlCPrintsTheKilledLineWithTheResumeCommand() throws Exception {
        String experiment = "terminal-" + System.currentTimeMillis();
        // SIGINT at its default: a suite started from a non-interactive shell's background job inherits it ignored, and a JVM
        // that starts with SIGINT ignored keeps it so (as nohup expects), so Ctrl-C would not reach the run
        String launch = "env --default-signal=INT " + Cli.home().resolve("langevin") + " run experiments/quickstart.yaml --set train.steps=100000"
                + " --set experiment=" + experiment;
        ProcessBuilder builder = new ProcessBuilder(List.of("script", "-qfec", launch, "/dev/null")).directory(Cli.home().toFile())
                .redirectErrorStream(true);
        builder.environment().put("LANGEVIN_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("MLFLOW_TRACKING_URI", TestServer.uri());
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process terminal = builder.start();
        try {
            Screen screen = new Screen(terminal.getInputStream());
            long started = screen.await(t -> STARTED.matcher(t).find(), 120, "run id at the start");
            long drawn = screen.await(t -> t.contains("train   0% ["), 60, "progress bar");
            long progressed = screen.await(t -> STEPS.matcher(t).find(), 60, "progress bar with steps done");
            System.out.printf("terminal: bar drawn %d ms after the run started, first steps shown %d ms after that%n",
                    TimeUnit.NANOSECONDS.toMillis(drawn - started), TimeUnit.NANOSECONDS.toMillis(progressed - drawn));
            // training starts once the config is logged (well under a second); a bar held back shows only when training ends
            assertThat(TimeUnit.NANOSECONDS.toMillis(drawn - started)).as("the bar, ms after the run started").isLessThan(2000);
            assertThat(terminal.isAlive()).as("the progress bar moves while training runs").isTrue();
            String runId = matched(STARTED, screen.text());

            OutputStream keyboard = terminal.getOutputStream();
            keyboard.write(3); // Ctrl-C, which the terminal turns into SIGINT for the foreground processes
            keyboard.flush();
            boolean stopped = terminal.waitFor(90, TimeUnit.SECONDS);
            assertThat(stopped).as("the run stops after Ctrl-C; the terminal shows:%n%s", screen.text()).isTrue();
            String shown = screen.text();
            assertThat(terminal.exitValue()).as(shown).isEqualTo(130);
            Matcher killed = Pattern.compile("error: run " + runId + " KILLED at step (\\d+); continue it with: (.*)").matcher(shown);
            assertThat(killed.find()).as("the KILLED line reaches the terminal:\n" + shown).isTrue();
            assertThat(killed.group(2).strip()).isEqualTo(Cli.home().resolve("langevin")
                    + " run experiments/quickstart.yaml --set train.steps=100000 "
                    + "--set experiment=" + experiment + " --resume " + runId); // the launcher as it was called
            try (Tracker tracker = TestServer.connect()) {
                assertThat(tracker.getRun(runId).status()).isEqualTo("KILLED");
            }
        } finally {
            terminal.descendants().forEach(ProcessHandle::destroyForcibly);
            terminal.destroyForcibly();
        }
    }

    private static String matched(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
