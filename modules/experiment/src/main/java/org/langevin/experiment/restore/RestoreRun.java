package org.langevin.experiment.restore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.langevin.core.ConfigException;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.PixelGrid;
import org.langevin.core.SampleChunks;
import org.langevin.experiment.RunFailedException;
import org.langevin.experiment.TempFolder;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.assembly.MemberNeeds;
import org.langevin.experiment.assembly.MemoryBudget;
import org.langevin.experiment.evaluation.Pictures;
import org.langevin.experiment.evaluation.Plots;
import org.langevin.experiment.evaluation.Progress;
import org.langevin.experiment.run.Provenance;
import org.langevin.experiment.run.RunLifecycle;
import org.langevin.experiment.run.TrainedModel;
import org.langevin.tracking.TrackedRun;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;

/**
 * An inverse-problem evaluation as an MLflow run of its own: tag {@code job=restore} (and {@code trained_run_id} for a
 * trained model), the inverse, sampler, SDE, score and data settings as params, the {@link Restoration}'s figures as
 * metrics, and pictures: truth | measurement | restoration grids (a strip and a GIF for clips), or for a mixture the
 * first observation's posterior samples over exact draws.
 */
public final class RestoreRun {
    public record Outcome(String runId, String url, Map<String, Double> metrics) {}

    private final Path home;
    private final PrintStream err;

    public RestoreRun(Path home, PrintStream err) {
        this.err = err;
        this.home = home;
    }

    /** Fails with the key to set when the experiment measures nothing. */
    public static void checkMeasured(ExperimentParts parts) {
        if (parts.inverse().isEmpty()) {
            throw new ConfigException("inverse.operator", "is none: set a measurement to restore from (mask, matrix, blur, downsample or frames)");
        }
    }

    /** Fails before any run when a restoration of {@code observations} points cannot be scored or held in memory. */
    public static void checkRestorable(ExperimentParts parts, int observations) {
        checkMeasured(parts);
        var data = parts.data();
        if (data.truth().isEmpty() && data.grid().isEmpty()) {
            throw new ConfigException("inverse.operator", "restore scores against the exact posterior of a mixture ("
                    + MemberNeeds.choices(Need.MIXTURE_LAW) + ") or by PSNR and SSIM (" + MemberNeeds.choices(Need.PIXEL_GRID)
                            + "); data.type '" + data.name() + "' has neither (sample --observation works on it)");
        }
        if (observations > data.test().rows()) { // each observation measures one test point or image
            throw new ConfigException("--n", "must be at most " + data.test().rows() + ", the rows of the test split (data.max_test), got "
                    + observations);
        }
        int perSample = parts.inverse().get().method().rowsPerSample();
        int rows = data.truth().isPresent() ? parts.settings().integer("inverse.samples", 2) : Math.min(observations, (int) data.test().rows());
        MemoryBudget.checkSamples(data.truth().isPresent() ? "inverse.samples" : "--n", rows * perSample, data.dim());
    }

    public Outcome restore(TrainedModel model, String trainedRunId, int observations, Map<String, String> env) throws IOException {
        checkRestorable(model.parts(), observations);
        var settings = model.parts().settings();
        try (Tracker tracker = TrackingSetup.connect(settings.string("tracking.uri"), home, env)) {
            Map<String, String> tags = Provenance.tags(home, model.config(), "restore");
            if (trainedRunId != null) tags.put("trained_run_id", trainedRunId);
            String name = "restore " + settings.string("inverse.method") + " " + settings.string("inverse.operator");
            TrackedRun run = tracker.startRun(tracker.experimentId(settings.string("experiment")), name, tags);
            RunLifecycle lifecycle = new RunLifecycle(run, () -> false);
            try (lifecycle; TempFolder work = TempFolder.create("langevin-restore-")) {
                run.logParams(params(model, observations));
                // a mixture's observations are restored one by one, images and clips in chunks of sampler.batch_size
                int passes = model.parts().data().truth().isPresent() ? observations
                        : Progress.chunks(observations, SampleChunks.of(model.parts().settings(), model.parts().data().dim()));
                Restoration r = Progress.overNoiseLevels(err, "restore", model.score(), model.parts().sde().horizon(), 0, passes,
                        s -> Restoration.run(model.parts(), s, observations));
                if (!r.finite()) {
                    String reason = "the restoration produced NaN or infinity (inverse.method " + settings.string("inverse.method") + ")";
                    lifecycle.fail(reason);
                    throw RunFailedException.ended("run " + run.runId() + " FAILED: " + reason, run.runId(), "FAILED");
                }
                run.logMetrics(r.metrics());
                for (Path picture : pictures(model.parts(), r, work)) run.logArtifact(picture, "restore/" + picture.getFileName());
                lifecycle.finish();
                return new Outcome(run.runId(), run.url(), r.metrics());
            } catch (RuntimeException | IOException | OutOfMemoryError e) {
                throw lifecycle.failed(e);
            }
        }
    }

    private static List<Path> pictures(ExperimentParts parts, Restoration r, TempFolder work) throws IOException {
        List<Path> out = new ArrayList<>();
        if (r.posterior() != null) {
            Path png = work.resolve("posterior.png");
            Plots.scatter(png, "first observation: exact posterior and " + parts.settings().string("inverse.method"),
                    "exact posterior", r.posterior()[1], "samples", r.posterior()[0]);
            out.add(png);
            return out;
        }
        PixelGrid grid = parts.data().grid().orElseThrow();
        int shown = Math.min(8, r.truth().length);
        double[][] rows = new double[3 * shown][];
        for (int i = 0; i < shown; i++) {
            rows[i] = r.truth()[i];
            rows[shown + i] = r.measured()[i];
            rows[2 * shown + i] = r.restored()[i];
        }
        if (grid.frames() == 1) {
            Path png = work.resolve("truth_measurement_restoration.png");
            Pictures.grid(png, rows, grid, shown, 4);
            out.add(png);
            return out;
        }
        int clips = Math.min(4, shown);
        double[][] triples = new double[3 * clips][]; // truth, measurement, restoration of each clip
        for (int i = 0; i < clips; i++) for (int k = 0; k < 3; k++) triples[3 * i + k] = rows[k * shown + i];
        Path png = work.resolve("truth_measurement_restoration.png");
        Pictures.strip(png, triples, grid, 4);
        Path gif = work.resolve("truth_measurement_restoration.gif");
        Pictures.animation(gif, triples, grid, 3, 4, 200);
        out.add(png);
        out.add(gif);
        return out;
    }

    /** The inverse, sampler, SDE, score and data settings and the seed, with the number of observations. */
    private static Map<String, String> params(TrainedModel model, int observations) {
        Map<String, String> params = new TreeMap<>();
        model.config().flatStrings().forEach((k, v) -> {
            if (k.startsWith("inverse.") || k.startsWith("sampler.") || k.startsWith("sde.") || k.startsWith("score.") || k.startsWith("data.")
                    || k.equals("seed")) {
                params.put(k, v);
            }
        });
        params.put("restore.observations", String.valueOf(observations));
        return params;
    }
}
