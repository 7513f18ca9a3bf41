package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final Pattern SPEED = Pattern.compile("(\\d+(?:\\.\\d+)?)/s");

    /** A resumed run's bar starts at its checkpoint, and its speed counts only the steps done since: 10 steps, not 3,010. */
    @Test
    void resumedBarCountsOnlyTheStepsSinceItsStart() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream err = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            try (ProgressBar bar = Progress.bar(err, "train", 3000, 6000)) {
                Thread.sleep(300);
                bar.stepTo(3010);
                Thread.sleep(700);
            }
        }
        String shown = out.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("3010/6000");
        Matcher speed = SPEED.matcher(shown.substring(shown.lastIndexOf("3010/6000")));
        assertThat(speed.find()).as(shown).isTrue();
        // 10 steps in at least one second: at most 10/s; counting the resumed steps would show about 3,000/s
        assertThat(Double.parseDouble(speed.group(1))).as(shown).isLessThanOrEqualTo(10.0);
    }
}
