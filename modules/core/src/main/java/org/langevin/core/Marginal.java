package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Gaussian perturbation kernel of a linear SDE, solved from the Fokker–Planck equation:
 * p_t(x | x0) = N(x; meanCoef · x0, std² I).
 */
public record Marginal(double meanCoef, double std) {
    public double variance() {
        return std * std;
    }

    /** Tweedie's formula (Efron 2011): the posterior mean E[x0 | x_t = x] = (x + σ² s(x, t)) / m, computed in place on the score. */
    public INDArray posteriorMean(INDArray x, INDArray score) {
        return score.muli(variance()).addi(x).divi(meanCoef);
    }
}
