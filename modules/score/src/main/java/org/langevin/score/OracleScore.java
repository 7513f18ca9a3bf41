package org.langevin.score;

import org.langevin.core.Arrays2;
import org.langevin.core.ClassConditional;
import org.langevin.core.DensityModel;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact score of a Gaussian-mixture data law under a linear SDE: p_t is again a mixture,
 * Σ w_k N(m μ_k, m² Σ_k + σ² I), whose score, Hessian–vector products and divergence are closed-form. Its classes are the
 * components, so guidance with it uses the exact log p_t(c | x) (classifier guidance with the true classifier).
 */
public final class OracleScore implements DensityModel, ClassConditional {
    private final GaussianMixture data;
    private final Sde sde;

    public OracleScore(GaussianMixture data, Sde sde) {
        this.data = data;
        this.sde = sde;
    }

    /** The components are the classes: a row's label is the component it was drawn from. */
    @Override
    public int classes() {
        return data.components();
    }

    /** ∇ log p_t(x | c): the score of component c perturbed by the SDE. */
    @Override
    public OracleScore given(int label) {
        return new OracleScore(data.component(label), sde);
    }

    @Override
    public OracleScore unconditional() {
        return this;
    }

    /** The perturbed data law p_t. */
    public GaussianMixture marginal(double t) {
        return data.perturbed(sde.marginal(t));
    }

    @Override
    public double[] logDensity(INDArray x, double t) {
        return marginal(t).logDensity(Arrays2.toMatrix(x));
    }

    @Override
    public INDArray score(INDArray x, double t) {
        return Arrays2.fromMatrix(marginal(t).score(Arrays2.toMatrix(x)), x.dataType());
    }

    @Override
    public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
        double[][][] r = marginal(t).scoreAndHessianVectorProduct(Arrays2.toMatrix(x), Arrays2.toMatrix(v));
        return new ScoreAndVjp(Arrays2.fromMatrix(r[0], x.dataType()), Arrays2.fromMatrix(r[1], x.dataType()));
    }

    @Override
    public boolean closedFormDivergence() {
        return true;
    }

    @Override
    public ScoreAndDivergence exactDivergence(INDArray x, double t) {
        GaussianMixture.ScoreAndDivergence r = marginal(t).scoreAndDivergence(Arrays2.toMatrix(x));
        return new ScoreAndDivergence(Arrays2.fromMatrix(r.score(), x.dataType()),
                Nd4j.createFromArray(r.divergence()).castTo(x.dataType()));
    }
}
