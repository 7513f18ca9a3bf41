package org.langevin.experiment.assembly;

import org.langevin.core.StillClips;
import org.langevin.core.TrainingRows;

/** What training draws its batches from: the training rows, and with data.image_fraction > 0 clips mixed with stills. */
public final class TrainingInput {
    private TrainingInput() {}

    public static TrainingRows rows(ExperimentParts parts) {
        return parts.plan().imageFraction() == 0 ? parts.data().trainingRows()
                : new StillClips(parts.data().trainingRows(), parts.plan().imageFraction(), parts.data().grid().orElseThrow().frames());
    }
}
