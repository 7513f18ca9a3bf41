package org.langevin.experiment.assembly;

import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.Settings;

/** The keys of training's FID passes (train.eval_every, train.eval_samples), checked before a run exists. */
final class FidPassKeys {
    private FidPassKeys() {}

    /** Refuses train.eval_every on data without a feature classifier (points, unlabelled images, features.steps 0). */
    static void check(Settings s, Dataset data) {
        if (s.integer("train.eval_every", 0) > 0 && (data.grid().isEmpty() || data.labels().isEmpty() || s.integer("features.steps", 0) == 0)) {
            throw new ConfigException("train.eval_every", "logs FID during training, which needs labelled images or clips and features.steps > 0 "
                    + "(data.type " + s.string("data.type") + "): set it to 0");
        }
        s.integer("train.eval_samples", 2);
    }
}
