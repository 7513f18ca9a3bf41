package org.langevin.losses;

import org.langevin.core.Arrays2;
import org.langevin.core.Loss;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sde;
import org.langevin.core.TrainableScore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conditional flow matching (Lipman et al. 2023; Liu et al. 2023; Albergo & Vanden-Eijnden 2023) for any linear SDE or
 * interpolant x_t = m x0 + σ z: regress the model's velocity F = a x − ½ g² s (its probability-flow drift) on the path's
 * velocity u = dx_t/dt = m′ x0 + σ′ z, L = E_t λ(t) ‖F − u‖². With {@code ot} coupling, each batch's noise points are
 * first matched to its data points by the exact optimal assignment (OT-CFM, Tong et al. 2024), which straightens the
 * paths; {@code otBatch} solves it within blocks of that many rows (minibatch OT at a smaller batch, O(n · block²)). Since F − u = −½ g² (s +
 * z/σ), it is denoising score matching weighted by λ g⁴/4: the same minimiser.
 */
public final class FlowMatching implements Loss {
    private final NoiseLevels levels;
    private final boolean optimalCoupling;
    private final int otBatch; // rows per exact assignment (0: the whole batch)

    public FlowMatching(NoiseLevels levels, boolean optimalCoupling, int otBatch) {
        this.levels = levels;
        this.optimalCoupling = optimalCoupling;
        this.otBatch = otBatch;
    }

    @Override
    public Value evaluate(TrainableScore model, INDArray x0, RandomStreams streams) {
        int n = (int) x0.rows();
        INDArray z = streams.get("train/noise").normal(model.dataType(), n, x0.columns());
        if (optimalCoupling) z = Arrays2.rows(z, OptimalCoupling.assignInBlocks(Arrays2.toMatrix(x0), Arrays2.toMatrix(z), otBatch > 0
                ? otBatch : n));
        NoiseLevels.Perturbed p = levels.perturb(x0, z, streams, model.dataType(), n);
        double[] t = p.t().toDoubleVector();
        double[][] c = new double[4][n]; // a, ½ g², m′ = a m, σ′ = ½ g²/σ + a σ per row
        Sde sde = levels.sde();
        for (int i = 0; i < n; i++) {
            var m = sde.marginal(t[i]);
            double a = sde.driftCoefficient(t[i]);
            double halfG2 = 0.5 * sde.diffusion(t[i]) * sde.diffusion(t[i]);
            c[0][i] = a;
            c[1][i] = halfG2;
            c[2][i] = a * m.meanCoef();
            c[3][i] = halfG2 / m.std() + a * m.std();
        }
        TrainableScore.TrainingPass pass = model.forward(p.xt(), p.t());
        DataType type = model.dataType();
        INDArray halfG2 = Arrays2.column(c[1], type);
        INDArray velocity = p.xt().mulColumnVector(Arrays2.column(c[0], type)).subi(pass.score().mulColumnVector(halfG2));
        INDArray target = x0.castTo(type).mulColumnVector(Arrays2.column(c[2], type)).addi(p.z().mulColumnVector(Arrays2.column(c[3], type)));
        INDArray residual = velocity.subi(target);
        INDArray weight = p.weight();
        double loss = residual.mul(residual).mulColumnVector(weight).sumNumber().doubleValue() / n;
        // ∂L/∂s = −½ g² · 2 λ (F − u) / n
        INDArray gradient = pass.backward(residual.mulColumnVector(weight.mul(halfG2)).muli(-2.0 / n));
        return new Value(loss, gradient);
    }
}
