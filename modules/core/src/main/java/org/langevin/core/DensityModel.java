package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A score model that also knows its log density log p_t(x) in nats (exact oracles), as Metropolis corrections need. */
public interface DensityModel extends ScoreModel {
    double[] logDensity(INDArray x, double t);
}
