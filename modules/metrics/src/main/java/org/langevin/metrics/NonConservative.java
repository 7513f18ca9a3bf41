package org.langevin.metrics;

import org.langevin.core.Marginal;
import org.langevin.core.RandomStream;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The non-conservative part of a vector field: a score is a gradient, so its Jacobian J = ∂s/∂x is symmetric; a network
 * that outputs a vector need not be. N = √(E ‖(J − Jᵀ)/2‖²_F / E ‖J‖²_F), the antisymmetric part's share of the
 * Jacobian (0 for a gradient field, 1 for a pure rotation), over points x_t = m_t x0 + σ_t z at evenly spaced times,
 * with J's rows from D vector–Jacobian products eⱼᵀ J.
 */
public final class NonConservative {
    private NonConservative() {}

    public static double of(ScoreModel score, Sde sde, INDArray data, int times, RandomStream stream) {
        long n = data.rows();
        int dim = (int) data.columns();
        double antisymmetric = 0;
        double total = 0;
        for (int k = 0; k < times; k++) {
            double t = sde.minTime() + (sde.horizon() - sde.minTime()) * (k + 0.5) / times;
            Marginal m = sde.marginal(t);
            INDArray x = data.castTo(DataType.DOUBLE).mul(m.meanCoef()).addi(stream.normal(DataType.DOUBLE, n, dim).muli(m.std()));
            INDArray[] rows = new INDArray[dim]; // rows[j] = eⱼᵀ J at every point (n × D)
            for (int j = 0; j < dim; j++) {
                INDArray basis = Nd4j.zeros(DataType.DOUBLE, n, dim);
                basis.getColumn(j).assign(1.0);
                rows[j] = score.vjp(x, t, basis).vjp().castTo(DataType.DOUBLE);
            }
            for (int j = 0; j < dim; j++) {
                total += rows[j].mul(rows[j]).sumNumber().doubleValue();
                for (int l = j + 1; l < dim; l++) { // (J_jl − J_lj)/2 appears twice in the Frobenius norm
                    INDArray d = rows[j].getColumn(l).sub(rows[l].getColumn(j));
                    antisymmetric += 0.5 * d.mul(d).sumNumber().doubleValue();
                }
            }
        }
        return total == 0 ? 0 : Math.sqrt(antisymmetric / total);
    }
}
