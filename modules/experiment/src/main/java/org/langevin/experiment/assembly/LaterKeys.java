package org.langevin.experiment.assembly;

import java.util.List;
import org.langevin.core.Settings;
import org.langevin.experiment.config.ResolvedSettings;

/**
 * Keys that only a stage after the assembly reads (system metrics, sample previews, the feature classifier, FID during
 * training, the likelihood and restore commands, progress bars), checked with the parts: a bad value fails before any run exists. {@link
 * ResolvedSettings#seal} catches a key that is missing here.
 */
final class LaterKeys {
    /** At most a day between two samples of the system metrics. */
    private static final double DAY_SECONDS = 86400;

    private LaterKeys() {}

    static void check(Settings s) {
        s.number("tracking.system_metrics_interval", 0, DAY_SECONDS);
        s.integer("train.sample_every", 0);
        s.integer("train.log_every", 1);
        s.integer("features.steps", 0);
        s.integer("train.eval_samples", 2);
        s.flag("tracking.offline");
        s.string("tracking.uri");
        s.string("tracking.username"); // the tracking setup's credentials
        s.string("tracking.password");
        s.string("tracking.token");
        s.vector("train.ema_std"); // a trained model read back (sample --run) picks its EMA profile
        s.choice("likelihood.points", List.of("test", "fresh")); // the likelihood command
        s.integer("likelihood.batch_size", 1);
        s.integer("likelihood.probes", 1);
        s.string("likelihood.divergence");
        s.integer("inverse.observations", 1); // restore and the inverse study
        s.integer("inverse.samples", 2);
        s.string("inverse.method");
        s.string("inverse.operator");
        s.vector("inverse.frames");
        s.flag("sampler.denoise");
        s.string("lineage.type");
    }
}
