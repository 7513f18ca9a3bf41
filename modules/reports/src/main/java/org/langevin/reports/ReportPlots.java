package org.langevin.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.tracking.Tracker;
import org.langevin.tracking.TrackingSetup;

/** Downloads a run's {@code plots/*} (or another folder's) artifacts into a report folder as STEM-NAME, for the reports that show them. */
public final class ReportPlots {
    private ReportPlots() {}

    /** The file names written, in the order MLflow lists them. */
    static List<String> download(ExperimentConfig config, String runId, Path folder, String stem, Path home, Map<String, String> env)
            throws IOException {
        return download(config, runId, "plots", folder, stem, home, env);
    }

    /** A run's {@code artifacts/*} files (a folder of pictures, e.g. {@code restore}) as STEM-NAME. */
    static List<String> download(ExperimentConfig config, String runId, String artifacts, Path folder, String stem, Path home, Map<String,
            String> env)
            throws IOException {
        List<String> names = new ArrayList<>();
        try (Tracker tracker = TrackingSetup.connect(config.settings().string("tracking.uri"), home, env)) {
            for (String artifact : tracker.listArtifacts(runId, artifacts)) {
                String name = stem + "-" + artifact.substring(artifacts.length() + 1);
                tracker.downloadArtifact(runId, artifact, folder.resolve(name));
                names.add(name);
            }
        }
        return names;
    }
}
