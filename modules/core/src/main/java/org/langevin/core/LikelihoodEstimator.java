package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Estimates log p_0(x) of the model a score describes, per row of x. */
public interface LikelihoodEstimator {
    LikelihoodResult logDensity(ScoreModel score, INDArray x, RandomStreams streams);
}
