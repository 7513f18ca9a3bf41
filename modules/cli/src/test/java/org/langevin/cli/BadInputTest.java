package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.experiment.TestServer;

/**
 * Bad input: one line on stderr naming the key and what is allowed, exit code 2, no stack trace. Validation happens before
 * any tracking server is contacted, so none of the cases creates a run. A subclass gives its cases as a static
 * {@code cases()} of (name, arguments, the fragments the line must mention).
 */
abstract class BadInputTest {
    /** Every case names this experiment: none of them may create it. */
    static final String NO_RUN = "experiment=bad-input-creates-no-run";

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsOneClearLineAndExitCode2(String name, String[] args, List<String> mustMention) {
        refused(args, mustMention);
    }

    @AfterAll
    static void noCaseCreatedAnMlflowRun() {
        try (var tracker = TestServer.connect()) {
            assertThat(tracker.findExperiment("bad-input-creates-no-run")).isEmpty();
        }
    }

    static String[] args(Path file, String... sets) {
        List<String> a = new ArrayList<>(List.of("run", file.toString(), "--set", NO_RUN));
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a.toArray(new String[0]);
    }

    /** One line on stderr starting "error: " that mentions every fragment, exit code 2, no stack trace, nothing on stdout. */
    private static void refused(String[] args, List<String> mustMention) {
        Cli r = Cli.run(args);
        assertThat(r.exitCode()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("error: ");
        for (String fragment : mustMention) assertThat(err).contains(fragment);
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }
}
