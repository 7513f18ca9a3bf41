package org.langevin.core;

/**
 * The Gaussian perturbation kernel of a linear SDE, solved from the Fokker–Planck equation:
 * p_t(x | x0) = N(x; meanCoef · x0, std² I).
 */
public record Marginal(double meanCoef, double std) {
    public double variance() {
        return std * std;
    }
}
