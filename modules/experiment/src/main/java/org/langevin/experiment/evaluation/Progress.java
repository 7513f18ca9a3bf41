package org.langevin.experiment.evaluation;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.langevin.core.Descriptor;
import org.langevin.core.ProgressScore;
import org.langevin.core.SampleChunks;
import org.langevin.core.ScoreModel;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.Catalogue;

/** The progress bars of long steps (training, sampling, likelihoods, restorations, the feature classifier), one style, on standard error. */
public final class Progress {
    private Progress() {}

    /** A bar from 0 to {@code max} with its speed, redrawn twice a second. */
    public static ProgressBar bar(PrintStream err, String task, long max) {
        return bar(err, task, 0, max);
    }

    /**
     * A bar that starts at {@code from} of {@code max} (a resumed run): its speed and time left count only the work done
     * since this start, not the steps of an earlier process.
     */
    public static ProgressBar bar(PrintStream err, String task, long from, long max) {
        return builder(err, task).setInitialMax(max).startsFrom(from, Duration.ZERO).showSpeed().build();
    }

    /**
     * {@code work} samples n rows from {@code model} with the run's sampler, in chunks of sampler.batch_size: a bar over them
     * (for MCMC at one noise level, over its sampler.steps iterations per chunk).
     */
    public static <T> T sampling(PrintStream err, ExperimentParts parts, ScoreModel model, long n, Function<ScoreModel, T> work) {
        try (ProgressBar bar = percentBar(err, "sample")) {
            T result = work.apply(samplingProgress(parts, model, n, f -> bar.stepTo(Math.round(f * 100))));
            bar.stepTo(100);
            return result;
        }
    }

    /**
     * {@code work} samples n rows from {@code model} inside a running bar's work (an FID pass in training): the bar's
     * message says how far the sampling has come, "{@code label}: 45%", and afterwards its speed and time left count
     * from the end of the pass (the library's pause and resume), so the pass does not count as the bar's own work. Once
     * {@code stop} holds the pass ends at its next score evaluation with {@link PassStopped}.
     */
    public static <T> T sidePass(ProgressBar bar, String label, ExperimentParts parts, ScoreModel model, long n, BooleanSupplier stop,
                                 Function<ScoreModel, T> work) {
        String message = bar.getExtraMessage();
        try {
            return work.apply(samplingProgress(parts, model, n, f -> {
                if (stop.getAsBoolean()) throw new PassStopped();
                bar.setExtraMessage(String.format(" %s: %d%%", label, Math.round(f * 100)));
            }));
        } finally {
            bar.setExtraMessage(message);
            bar.pause();
            bar.resume();
        }
    }

    /** A side pass ended before its end because its work was asked to stop (a signal during training's FID pass). */
    public static final class PassStopped extends RuntimeException {
        PassStopped() {
            super("stopped", null, false, false);
        }
    }

    /** The model reporting the fraction done of sampling n rows with the run's sampler, in chunks of sampler.batch_size. */
    private static ProgressScore samplingProgress(ExperimentParts parts, ScoreModel model, long n, DoubleConsumer done) {
        int chunks = chunks(n, SampleChunks.of(parts.settings(), parts.data().dim()));
        if (Catalogue.samplers().pick(parts.settings()).descriptor().has(Descriptor.Need.EQUILIBRIUM)) {
            return ProgressScore.byCalls(model, (long) chunks * parts.settings().integer("sampler.steps", 1), done);
        }
        return new ProgressScore(model, parts.sde().horizon(), 0, chunks, done);
    }

    /** {@code work} evaluates the likelihood of n points, in chunks of likelihood.batch_size, once per Hutchinson probe: a bar over them. */
    public static <T> T likelihood(PrintStream err, ExperimentParts parts, ScoreModel model, long n, Function<ScoreModel, T> work) {
        int probes = parts.settings().string("likelihood.divergence").equals("exact") ? 1 : parts.settings().integer("likelihood.probes", 1);
        return overNoiseLevels(err, "NLL", model, 0, parts.sde().horizon(), probes * chunks(n, parts.settings()
                .integer("likelihood.batch_size", 1)), work);
    }

    private static ProgressBar percentBar(PrintStream err, String task) {
        return builder(err, task).setInitialMax(100).setUnit("%", 1).build();
    }

    /** The one style: ASCII, redrawn twice a second (also while the count stands still), on standard error. */
    private static ProgressBarBuilder builder(PrintStream err, String task) {
        // redrawn even when the count stands still, so that elapsed time and messages move during a long step or a side pass
        return new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(err));
    }

    public static int chunks(long n, int chunk) {
        return (int) Math.max(1, (n + chunk - 1) / chunk);
    }

    /**
     * Runs {@code work} on {@code model} wrapped so that a bar shows how far its passes over noise levels have come
     * ({@link ProgressScore}): sampling passes run t from {@code from} = T down to 0, likelihood passes from 0 up to T.
     */
    public static <T> T overNoiseLevels(PrintStream err, String task, ScoreModel model, double from, double to, int passes,
                                        Function<ScoreModel, T> work) {
        try (ProgressBar bar = percentBar(err, task)) {
            T result = work.apply(new ProgressScore(model, from, to, passes, f -> bar.stepTo(Math.round(f * 100))));
            bar.stepTo(100);
            return result;
        }
    }
}
