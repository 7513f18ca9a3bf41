package org.langevin.losses;

import org.langevin.core.Loss;
import org.langevin.core.Marginal;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sde;
import org.langevin.core.TrainableScore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Denoising score matching (Vincent 2011; Song et al. 2021):
 * L = E_t E_{x0} E_z λ(t) ‖s(m x0 + σ z, t) + z/σ‖², with t ~ U(eps, T) and λ(t) = σ(t)² (the "sigma2" weighting,
 * which for the noise parameterization is exactly ‖ε̂ - z‖²).
 */
public final class DenoisingScoreMatching implements Loss {
    private final Sde sde;
    private final double eps;

    public DenoisingScoreMatching(Sde sde, double eps) {
        if (!(eps > 0) || !(eps < sde.horizon())) throw new IllegalArgumentException("eps must lie in (0, T), got " + eps);
        this.sde = sde;
        this.eps = eps;
    }

    @Override
    public Value evaluate(TrainableScore model, INDArray x0, RandomStreams streams) {
        DataType type = model.dataType();
        int n = (int) x0.rows();
        int dim = (int) x0.columns();
        INDArray t = streams.get("train/time").uniform(type, eps, sde.horizon(), n, 1);
        INDArray z = streams.get("train/noise").normal(type, n, dim);
        double[] times = t.toDoubleVector();
        double[][] coefs = new double[2][n];
        for (int i = 0; i < n; i++) {
            Marginal m = sde.marginal(times[i]);
            coefs[0][i] = m.meanCoef();
            coefs[1][i] = m.std();
        }
        INDArray meanCoef = Nd4j.createFromArray(coefs[0]).reshape(n, 1).castTo(type);
        INDArray std = Nd4j.createFromArray(coefs[1]).reshape(n, 1).castTo(type);
        INDArray xt = x0.castTo(type).mulColumnVector(meanCoef).addi(z.mulColumnVector(std));
        TrainableScore.TrainingPass pass = model.forward(xt, t);
        // residual s - ∇log p(x_t | x0) = s + z/σ; with λ = σ² the weighted residual is σ s + z
        INDArray weighted = pass.score().mulColumnVector(std).addi(z);
        double loss = weighted.mul(weighted).sumNumber().doubleValue() / n;
        // ∂L/∂s = 2 λ (s + z/σ) / n = 2 σ (σ s + z) / n
        INDArray gradient = pass.backward(weighted.mulColumnVector(std).muli(2.0 / n));
        return new Value(loss, gradient);
    }
}
