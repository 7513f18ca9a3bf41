package org.langevin.samplers;

import org.langevin.core.Marginal;
import org.langevin.core.RandomStream;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One DDIM step (Song, Meng & Ermon 2021) from t to next for any linear SDE x_t = m x0 + σ ε: from x̂0 and ε̂,
 * x_next = m' x̂0 + √(σ'² − c²) ε̂ + c z with c = η σ' √(1 − (m σ')² / (m' σ)²); η = 1 is the DDPM posterior.
 *
 * @param signal m', the coefficient of x̂0
 * @param direction √(σ'² − c²), the coefficient of ε̂
 * @param noise c, the std of the fresh noise
 */
public record DdimStep(double signal, double direction, double noise) {

    public static DdimStep between(Sde sde, double t, double next, double eta) {
        Marginal m = sde.marginal(t);
        Marginal mn = sde.marginal(next);
        double ratio = (m.meanCoef() * mn.std()) / (mn.meanCoef() * m.std());
        double c = eta * mn.std() * Math.sqrt(Math.max(0, 1 - ratio * ratio));
        return new DdimStep(mn.meanCoef(), Math.sqrt(Math.max(0, mn.variance() - c * c)), c);
    }

    /** The step's mean m' x̂0 + √(σ'² − c²) ε̂ (new array). */
    public INDArray mean(INDArray x0, INDArray epsHat) {
        return x0.mul(signal).addi(epsHat.mul(direction));
    }

    /** A draw of x_next: the mean plus c z with z from {@code stream} (no draw when c = 0). */
    public INDArray sample(INDArray x0, INDArray epsHat, RandomStream stream) {
        INDArray x = mean(x0, epsHat);
        if (noise > 0) x.addi(stream.normal(DataType.DOUBLE, x.rows(), x.columns()).muli(noise));
        return x;
    }
}
