package org.langevin.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.langevin.experiment.ExperimentConfig;
import org.langevin.experiment.TrackingSetup;
import org.langevin.tracking.Tracker;

/** Downloads a run's {@code plots/*} artifacts into a report folder as STEM-NAME, for the reports that show them. */
public final class ReportPlots {
    private ReportPlots() {}

    /** The file names written, in the order MLflow lists them. */
    static List<String> download(ExperimentConfig config, String runId, Path folder, String stem, Path home, Map<String, String> env)
            throws IOException {
        List<String> names = new ArrayList<>();
        try (Tracker tracker = TrackingSetup.connect(config.settings().string("tracking.uri"), home, env)) {
            for (String artifact : tracker.listArtifacts(runId, "plots")) {
                String name = stem + "-" + artifact.substring("plots/".length());
                tracker.downloadArtifact(runId, artifact, folder.resolve(name));
                names.add(name);
            }
        }
        return names;
    }
}
