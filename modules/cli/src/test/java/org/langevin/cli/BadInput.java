package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.langevin.experiment.TestServer;

/** How a bad input must be refused, and the command lines of the cases. */
final class BadInput {
    /** Every case names this experiment: none of them may create it. */
    static final String NO_RUN = "experiment=bad-input-creates-no-run";

    private BadInput() {}

    static String[] args(Path file, String... sets) {
        List<String> a = new ArrayList<>(List.of("run", file.toString(), "--set", NO_RUN));
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a.toArray(new String[0]);
    }

    /** One line on stderr starting "error: " that mentions every fragment, exit code 2, no stack trace, nothing on stdout. */
    static void refused(String[] args, List<String> mustMention) {
        Cli r = Cli.run(args);
        assertThat(r.exitCode()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("error: ");
        for (String fragment : mustMention) assertThat(err).contains(fragment);
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    static void noRunCreated() {
        try (var tracker = TestServer.connect()) {
            assertThat(tracker.findExperiment("bad-input-creates-no-run")).isEmpty();
        }
    }
}
