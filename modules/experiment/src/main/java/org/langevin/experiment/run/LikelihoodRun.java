package org.langevin.experiment.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.langevin.core.LikelihoodResult;
import org.langevin.experiment.Metrics;
import org.langevin.experiment.TempFolder;
import org.langevin.experiment.evaluation.Progress;
import org.langevin.tracking.TrackedRun;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A likelihood evaluation as an MLflow run of its own: tag {@code job=likelihood} and, for a trained model,
 * {@code trained_run_id}; the likelihood options as params; the figures as metrics; per-point log densities as a CSV.
 */
public final class LikelihoodRun {
    public record Outcome(String runId, String url, LikelihoodResult result) {}

    private final Path home;
    private final PrintStream err;

    public LikelihoodRun(Path home, PrintStream err) {
        this.home = home;
        this.err = err;
    }

    public Outcome evaluate(TrainedModel model, String trainedRunId, INDArray points, String inputDescription, Map<String,
            String> env) throws IOException {
        var settings = model.parts().settings();
        try (Tracker tracker = TrackingSetup.connect(settings.string("tracking.uri"), home, env)) {
            Map<String, String> tags = Provenance.tags(home, model.config(), "likelihood");
            if (trainedRunId != null) tags.put("trained_run_id", trainedRunId);
            TrackedRun run = tracker.startRun(tracker.experimentId(settings.string("experiment")), "likelihood", tags);
            RunLifecycle lifecycle = new RunLifecycle(run, () -> false);
            try (lifecycle; TempFolder work = TempFolder.create("langevin-likelihood-")) {
                run.logParams(params(model, points, inputDescription));
                long t0 = System.nanoTime();
                LikelihoodResult r = Progress.likelihood(err, model.parts(), model.score(), points.rows(),
                        s -> model.parts().likelihood().logDensity(s, points, model.parts().streams()));
                run.logMetrics(Metrics.of(new Metrics.Likelihood((System.nanoTime() - t0) / 1e9, r, (int) points.columns(), null)));
                Path csv = work.resolve("log_density.csv");
                StringBuilder text = new StringBuilder("log_density,prior_term,integral_term\n");
                for (int i = 0; i < r.logDensity().length; i++) {
                    text.append(r.logDensity()[i]).append(',').append(r.priorTerm()[i]).append(',').append(r.integralTerm()[i]).append('\n');
                }
                Files.writeString(csv, text);
                run.logArtifact(csv, "likelihood/log_density.csv");
                lifecycle.finish();
                return new Outcome(run.runId(), run.url(), r);
            } catch (RuntimeException | IOException | OutOfMemoryError e) {
                throw lifecycle.failed(e);
            }
        }
    }

    /** The likelihood options, the SDE and score settings and the seed, with the input and its size. */
    private static Map<String, String> params(TrainedModel model, INDArray points, String inputDescription) {
        Map<String, String> params = new TreeMap<>();
        model.config().flatStrings().forEach((k, v) -> {
            if (k.startsWith("likelihood.") || k.startsWith("sde.") || k.startsWith("score.") || k.equals("seed")) params.put(k, v);
        });
        params.put("likelihood.input", inputDescription);
        params.put("likelihood.points", String.valueOf(points.rows()));
        return params;
    }
}
