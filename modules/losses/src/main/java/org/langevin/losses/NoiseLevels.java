package org.langevin.losses;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.langevin.core.Arrays2;
import org.langevin.core.Marginal;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sde;
import org.langevin.core.kernels.RowAffine;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The noise levels of a time-conditional objective L = E_{t~U(eps,T)} λ(t) ℓ(t): draws t (uniformly, by strata, or by
 * importance sampling from q(t)) with the weight w(t) = λ(t) / (q(t) (T - eps)), so that E_q[w ℓ] = E_U[λ ℓ] whatever
 * the sampling, and perturbs data x_t = m(t) x0 + σ(t) z. Log-normal levels are the exception, as in Karras et al. 2022:
 * their law is part of the objective, E_q[λ ℓ]. ℓ is the score-matching loss ‖s + z/σ‖² (or its equivalent), so λ is
 * written once for every parameterization.
 */
public final class NoiseLevels {
    /** The weighting λ(t) of the per-level objective; σ̃ = σ/m is the noise-to-signal ratio. */
    public enum Weighting {
        /** λ = σ_t² (Song & Ermon 2019; equal to the ε-prediction loss). */
        SIGMA2,
        /** λ = g(t)² (Song, Durkan, Murray & Ermon 2021): the weighted objective bounds the KL divergence / NLL. */
        LIKELIHOOD,
        /** λ = 1. */
        UNIFORM,
        /** Karras et al. 2022: (σ̃² + σ_d²)/(σ̃ σ_d)² on the denoiser's error ‖x̂0 − x0‖² = σ² σ̃² ℓ, so λ = σ² (σ̃² + σ_d²)/σ_d². */
        EDM,
        /** Min-SNR-γ (Hang et al. 2023): min(SNR, γ)/SNR on the ε-loss σ² ℓ, SNR = 1/σ̃², so λ = σ² min(1, γ σ̃²). */
        MIN_SNR;
    }

    /** How the levels t are drawn. */
    public enum Sampling {
        /** t ~ U(eps, T). */
        UNIFORM,
        /** t ~ q(t) ∝ g²/σ² = d/dt log(σ²/m²) (Song et al. 2021, §5), reweighted by λ/q: the same objective, lower variance. */
        IMPORTANCE,
        /** Row i of n in the i-th quantile stratum of U(eps, T) (Kingma et al. 2021): the same objective, lower variance. */
        STRATIFIED,
        /** ln σ̃ ~ N(P_mean, P_std²) truncated to [σ̃(eps), σ̃(T)], t = σ̃⁻¹ (Karras et al. 2022): the law is part of the objective. */
        LOGNORMAL
    }

    /** P_mean and P_std of log-normal levels, σ_d of the EDM weighting, γ of min-SNR (each read by its own choice only). */
    public record Shape(double pMean, double pStd, double sigmaData, double snrGamma) {
        public static final Shape DEFAULT = new Shape(-1.2, 1.2, 0.5, 5.0);
    }

    private final Sde sde;
    private final double eps;
    private final Weighting weighting;
    private final Sampling sampling;
    private final Shape shape;
    private final double logRatioLo;
    private final double logRatioSpan;
    private final double[] inverseTable; // t at equally spaced u in [0, 1] under q (importance sampling only)
    private final double lognormalLo; // Φ((ln σ̃(eps) − P_mean)/P_std) and Φ at σ̃(T): the truncation of log-normal levels
    private final double lognormalHi;

    /** Uniform or importance-sampled levels. */
    public NoiseLevels(Sde sde, double eps, Weighting weighting, boolean importance) {
        this(sde, eps, weighting, importance ? Sampling.IMPORTANCE : Sampling.UNIFORM, Shape.DEFAULT);
    }

    public NoiseLevels(Sde sde, double eps, Weighting weighting, Sampling sampling, Shape shape) {
        if (!(eps > 0) || !(eps < sde.horizon())) throw new IllegalArgumentException("eps must lie in (0, T), got " + eps);
        this.sde = sde;
        this.eps = eps;
        this.weighting = weighting;
        this.sampling = sampling;
        this.shape = shape;
        this.logRatioLo = Math.log(sde.noiseToSignal(eps));
        this.logRatioSpan = Math.log(sde.noiseToSignal(sde.horizon())) - logRatioLo;
        this.lognormalLo = STANDARD.cumulativeProbability((logRatioLo - shape.pMean()) / shape.pStd());
        this.lognormalHi = STANDARD.cumulativeProbability((logRatioLo + logRatioSpan - shape.pMean()) / shape.pStd());
        this.inverseTable = new double[sampling == Sampling.IMPORTANCE ? TABLE : 0];
        for (int k = 0; k < inverseTable.length; k++) {
            inverseTable[k] = sde.timeOfNoiseToSignal(Math.exp(logRatioLo + logRatioSpan * k / (TABLE - 1)), eps, sde.horizon());
        }
    }

    private static final int TABLE = 1025;
    private static final NormalDistribution STANDARD = new NormalDistribution(0, 1);

    public Sde sde() {
        return sde;
    }

    /** λ(t). */
    public double lambda(double t) {
        return switch (weighting) {
            case SIGMA2 -> sde.marginal(t).variance();
            case LIKELIHOOD -> sde.diffusion(t) * sde.diffusion(t);
            case UNIFORM -> 1.0;
            case EDM -> {
                double ratio = sde.noiseToSignal(t);
                double sd2 = shape.sigmaData() * shape.sigmaData();
                yield sde.marginal(t).variance() * (ratio * ratio + sd2) / sd2;
            }
            case MIN_SNR -> {
                double ratio = sde.noiseToSignal(t);
                yield sde.marginal(t).variance() * Math.min(1, shape.snrGamma() * ratio * ratio);
            }
        };
    }

    /** The weight λ(t) / (q(t) (T - eps)) of a level drawn at t; just λ(t) for uniform sampling. */
    public double weight(double t) {
        if (sampling != Sampling.IMPORTANCE) return lambda(t);
        double g2 = sde.diffusion(t) * sde.diffusion(t);
        double q = g2 / (2 * sde.marginal(t).variance() * logRatioSpan); // q(t) = (d/dt log(σ/m)) / log(r_T / r_eps)
        return lambda(t) / (q * (sde.horizon() - eps));
    }

    /** One level per row: draw t, its weight, and x_t = m x0 + σ z. */
    public Perturbed perturb(INDArray x0, RandomStreams streams, DataType type) {
        return perturb(x0, streams, type, (int) x0.rows());
    }

    /** {@code groups} levels, each shared by a contiguous block of rows (the last block takes the remainder). */
    public Perturbed perturb(INDArray x0, RandomStreams streams, DataType type, int groups) {
        return perturb(x0, streams.get("train/noise").normal(type, x0.rows(), x0.columns()), streams, type, groups);
    }

    /** As {@link #perturb(INDArray, RandomStreams, DataType, int)} with the noise z given (coupled to x0 by the caller). */
    public Perturbed perturb(INDArray x0, INDArray z, RandomStreams streams, DataType type, int groups) {
        int n = (int) x0.rows();
        double[] levels = draw(groups, streams.get("train/time"));
        double[][] columns = new double[4][n];
        int block = n / groups;
        for (int i = 0; i < n; i++) {
            double t = levels[Math.min(groups - 1, i / Math.max(1, block))];
            Marginal m = sde.marginal(t);
            columns[0][i] = t;
            columns[1][i] = weight(t);
            columns[2][i] = m.meanCoef();
            columns[3][i] = m.std();
        }
        INDArray xt = RowAffine.combine(x0.castTo(type), columns[2], z, columns[3]);
        return new Perturbed(Arrays2.column(columns[0], type), columns[1], xt, z, columns[3]);
    }

    /** Levels t in [eps, T] from one uniform draw each: uniform, by strata, or by inverting the CDF of q or of the log-normal law. */
    double[] draw(int count, RandomStream stream) {
        double[] u = stream.uniform(DataType.DOUBLE, 0.0, 1.0, count).toDoubleVector();
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = switch (sampling) {
                case UNIFORM -> eps + u[i] * (sde.horizon() - eps);
                case STRATIFIED -> eps + (i + u[i]) / count * (sde.horizon() - eps);
                case IMPORTANCE -> inverseCdf(u[i]);
                case LOGNORMAL -> lognormal(u[i]);
            };
        }
        return t;
    }

    /** ln σ̃ = P_mean + P_std Φ⁻¹(Φ_lo + u (Φ_hi − Φ_lo)), mapped to t through the SDE's noise-to-signal ratio. */
    private double lognormal(double u) {
        double z = STANDARD.inverseCumulativeProbability(lognormalLo + u * (lognormalHi - lognormalLo));
        double ratio = Math.exp(Math.min(logRatioLo + logRatioSpan, Math.max(logRatioLo, shape.pMean() + shape.pStd() * z)));
        return sde.timeOfNoiseToSignal(ratio, eps, sde.horizon());
    }

    /**
     * Solves log(σ/m)(t) = log r_eps + u log(r_T/r_eps) by Newton's method, d/dt log(σ/m) = g²/(2σ²), from the
     * interpolated table value; a few iterations reach machine precision.
     */
    double inverseCdf(double u) {
        double position = u * (TABLE - 1);
        int k = Math.min(TABLE - 2, (int) position);
        double t = inverseTable[k] + (position - k) * (inverseTable[k + 1] - inverseTable[k]);
        double target = logRatioLo + u * logRatioSpan;
        for (int iteration = 0; iteration < 4; iteration++) {
            double slope = sde.diffusion(t) * sde.diffusion(t) / (2 * sde.marginal(t).variance());
            t = Math.min(sde.horizon(), Math.max(eps, t - (Math.log(sde.noiseToSignal(t)) - target) / slope));
        }
        return t;
    }

    /** Perturbed data: times t (n × 1), weights w per row, x_t = m x0 + σ z, the noise z and σ per row. */
    public record Perturbed(INDArray t, double[] weights, INDArray xt, INDArray z, double[] stds) {
        /** The weights as an n × 1 column of x_t's type. */
        public INDArray weight() {
            return Arrays2.column(weights, xt.dataType());
        }

    }
}
