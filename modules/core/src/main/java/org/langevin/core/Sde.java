package org.langevin.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A linear forward Itô SDE dx = a(t) x dt + g(t) dW on [0, T] (rows of x are points). Its Fokker–Planck solution from
 * a point x0 is Gaussian, p_t(x | x0) = N(m(t) x0, σ(t)² I), which is what makes Gaussian-mixture data exactly solvable
 * and denoising score matching possible. The prior p_T is taken as N(0, s_T² I).
 */
public interface Sde {
    /** The drift coefficient a(t) of f(x, t) = a(t) x. */
    double driftCoefficient(double t);

    /** Diffusion coefficient g(t). */
    double diffusion(double t);

    /** Mean coefficient m(t) and std σ(t) of p_t(x | x0). */
    Marginal marginal(double t);

    /**
     * The forward transition p(x_t | x_s) = N(r x_s, G² I) from s to a later t of a linear SDE: r = m_t/m_s,
     * G² = σ_t² − r² σ_s² (the marginals compose).
     */
    default Transition transition(double s, double t) {
        Marginal from = marginal(s);
        Marginal to = marginal(t);
        double r = to.meanCoef() / from.meanCoef();
        return new Transition(r, Math.max(0, to.variance() - r * r * from.variance()));
    }

    /** x_t = ratio · x_s + √variance · z. */
    record Transition(double ratio, double variance) {}

    /** End time T of the forward process. */
    double horizon();

    /** The smallest time samplers and likelihoods integrate to by default (σ there is tiny but not zero). */
    double minTime();

    /**
     * True when the SDE is the limit of a discrete Markov chain with Gaussian steps whose reversal is known in closed
     * form: DDPM's chain for vp (Ho et al. 2020), SMLD's for ve (Song &amp; Ermon 2019). Ancestral sampling steps that chain.
     */
    default boolean ancestralChain() {
        return false;
    }

    /** Std s_T of the Gaussian prior N(0, s_T² I) used in place of p_T. */
    double priorStd();

    /** Drift f(x, t) = a(t) x. */
    default INDArray drift(INDArray x, double t) {
        return x.mul(driftCoefficient(t));
    }

    /** Divergence ∇·f = a(t) D for a D-dimensional state. */
    default double driftDivergence(int dim, double t) {
        return driftCoefficient(t) * dim;
    }

    /** n points of dimension dim from the prior, in double precision. */
    default INDArray priorSample(int n, int dim, RandomStream stream) {
        return stream.normal(DataType.DOUBLE, n, dim).muli(priorStd());
    }

    /** log N(x; 0, s_T² I) per row, in nats. */
    default double[] priorLogDensity(INDArray x) {
        double s2 = priorStd() * priorStd();
        double[] sq = x.castTo(DataType.DOUBLE).mul(x.castTo(DataType.DOUBLE)).sum(1).toDoubleVector();
        int dim = (int) x.columns();
        double[] out = new double[sq.length];
        for (int i = 0; i < sq.length; i++) out[i] = -0.5 * sq[i] / s2 - 0.5 * dim * Math.log(2 * Math.PI * s2);
        return out;
    }

    /** Anderson (1982): the reverse-time SDE has drift f - g² ∇log p_t and the same g. */
    default VectorField reverseDrift(ScoreModel score) {
        return (x, t) -> {
            double g2 = diffusion(t) * diffusion(t);
            return drift(x, t).subi(score.score(x, t).muli(g2));
        };
    }

    /** Song et al. (2021): the probability-flow ODE has drift f - ½ g² ∇log p_t and no noise. */
    default VectorField probabilityFlow(ScoreModel score) {
        return (x, t) -> {
            double g2 = diffusion(t) * diffusion(t);
            return drift(x, t).subi(score.score(x, t).muli(0.5 * g2));
        };
    }

    /** The noise-to-signal ratio σ(t)/m(t): the std of the equivalent variance-exploding process x/m. */
    default double noiseToSignal(double t) {
        Marginal m = marginal(t);
        return m.std() / m.meanCoef();
    }

    /** The time in [lo, hi] at which σ/m equals {@code ratio} (it increases with t), by bisection. */
    default double timeOfNoiseToSignal(double ratio, double lo, double hi) {
        for (int i = 0; i < 200 && hi - lo > 1e-14 * Math.max(1, hi); i++) {
            double mid = 0.5 * (lo + hi);
            if (noiseToSignal(mid) < ratio) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
