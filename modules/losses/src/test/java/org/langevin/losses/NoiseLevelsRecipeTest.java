package org.langevin.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Marginal;
import org.langevin.core.MixtureFixtures;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sde;
import org.langevin.score.OracleScore;
import org.langevin.sde.VeSde;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training recipe's noise levels: log-normal and stratified levels have their stated law; the EDM and min-SNR
 * weightings, written on the score-matching loss, equal the papers' weights on the denoiser's and the noise's error;
 * DSM of the exact score under them is its closed form.
 */
class NoiseLevelsRecipeTest {
    private static final double EPS = 1e-3;
    private final VpSde vp = new VpSde(0.1, 20);

    /** Kolmogorov–Smirnov distance between a sample and a CDF. */
    private static double ks(double[] sample, DoubleUnaryOperator cdf) {
        double[] x = sample.clone();
        Arrays.sort(x);
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            double f = cdf.applyAsDouble(x[i]);
            d = Math.max(d, Math.max(Math.abs(f - (double) i / x.length), Math.abs(f - (i + 1.0) / x.length)));
        }
        return d;
    }

    /** The 1 % critical value of the one-sample KS statistic, 1.628/√n. */
    private static double ksCritical(int n) {
        return 1.628 / Math.sqrt(n);
    }

    @Test
    void logNormalLevelsHaveLnSigmaTildeNormalTruncatedToTheSdesRange() {
        for (Sde sde : List.<Sde>of(vp, new VeSde(0.01, 1))) { // VE up to σ̃ = 1 cuts 16 % of N(−1.2, 1.2²): a truncation that bites
            NoiseLevels levels = new NoiseLevels(sde, EPS, NoiseLevels.Weighting.EDM, NoiseLevels.Sampling.LOGNORMAL, NoiseLevels.Shape.DEFAULT);
            int n = 20_000;
            double[] t = levels.draw(n, new RandomStreams(3).get("train/time"));
            double[] logRatio = Arrays.stream(t).map(ti -> Math.log(sde.noiseToSignal(ti))).toArray();
            NormalDistribution normal = new NormalDistribution(-1.2, 1.2);
            double lo = normal.cumulativeProbability(Math.log(sde.noiseToSignal(EPS)));
            double hi = normal.cumulativeProbability(Math.log(sde.noiseToSignal(sde.horizon())));
            assertThat(Arrays.stream(t).allMatch(ti -> ti >= EPS && ti <= sde.horizon())).isTrue();
            assertThat(ks(logRatio, v -> (normal.cumulativeProbability(v) - lo) / (hi - lo))).as("KS against the truncated normal")
                    .isLessThan(ksCritical(n));
            // and not against the untruncated law where the truncation bites
            if (sde instanceof VeSde) assertThat(ks(logRatio, normal::cumulativeProbability)).isGreaterThan(ksCritical(n));
        }
    }

    @Test
    void stratifiedLevelsPutRowIInTheIthStratumAndAreUniformOverall() {
        NoiseLevels levels = new NoiseLevels(vp, EPS, NoiseLevels.Weighting.SIGMA2, NoiseLevels.Sampling.STRATIFIED, NoiseLevels.Shape.DEFAULT);
        RandomStream stream = new RandomStreams(4).get("train/time");
        int rows = 16;
        int batches = 1500;
        double[] all = new double[rows * batches];
        double width = (vp.horizon() - EPS) / rows;
        for (int b = 0; b < batches; b++) {
            double[] t = levels.draw(rows, stream);
            for (int i = 0; i < rows; i++) {
                assertThat(t[i]).isBetween(EPS + i * width, EPS + (i + 1) * width);
                all[b * rows + i] = t[i];
            }
        }
        assertThat(ks(all, v -> (v - EPS) / (vp.horizon() - EPS))).isLessThan(ksCritical(all.length));
        assertThat(levels.weight(0.3)).as("the objective is the uniform one").isEqualTo(levels.lambda(0.3));
    }

    /**
     * At a level t, with x_t = m x0 + σ z and any score s: EDM's weight (σ̃² + σ_d²)/(σ̃ σ_d)² times the denoiser's error
     * ‖x̂0 − x0‖² (x̂0 by Tweedie, (x_t + σ² s)/m), and min-SNR's min(SNR, γ)/SNR times the noise error ‖ε̂ − z‖² (ε̂ = −σ s),
     * equal λ(t) ‖s + z/σ‖².
     */
    @Test
    void edmAndMinSnrWeightsEqualThePapersWeightsOnTheirOwnErrors() {
        double sigmaData = 0.7;
        double gamma = 5;
        NoiseLevels.Shape shape = new NoiseLevels.Shape(-1.2, 1.2, sigmaData, gamma);
        NoiseLevels edm = new NoiseLevels(vp, EPS, NoiseLevels.Weighting.EDM, NoiseLevels.Sampling.UNIFORM, shape);
        NoiseLevels minSnr = new NoiseLevels(vp, EPS, NoiseLevels.Weighting.MIN_SNR, NoiseLevels.Sampling.UNIFORM, shape);
        RandomStreams streams = new RandomStreams(5);
        for (double t : new double[] {0.002, 0.05, 0.2, 0.5, 0.9}) {
            Marginal m = vp.marginal(t);
            INDArray x0 = streams.get("x0").normal(DataType.DOUBLE, 1, 3);
            INDArray z = streams.get("z").normal(DataType.DOUBLE, 1, 3);
            INDArray s = streams.get("s").normal(DataType.DOUBLE, 1, 3);
            INDArray xt = x0.mul(m.meanCoef()).addi(z.mul(m.std()));
            double scoreLoss = s.add(z.div(m.std())).norm2Number().doubleValue();
            scoreLoss *= scoreLoss;
            double ratio = m.std() / m.meanCoef();
            double denoiserError = Math.pow(m.posteriorMean(xt, s.dup()).sub(x0).norm2Number().doubleValue(), 2);
            double edmWeight = (ratio * ratio + sigmaData * sigmaData) / Math.pow(ratio * sigmaData, 2);
            assertThat(edm.lambda(t) * scoreLoss).as("EDM at t = %s", t).isCloseTo(edmWeight * denoiserError,
                    within(1e-9 * edmWeight * denoiserError));
            double snr = 1 / (ratio * ratio);
            double noiseError = Math.pow(s.mul(-m.std()).sub(z).norm2Number().doubleValue(), 2);
            double minSnrWeight = Math.min(snr, gamma) / snr;
            assertThat(minSnr.lambda(t) * scoreLoss).as("min-SNR at t = %s", t).isCloseTo(minSnrWeight * noiseError, within(1e-9 * noiseError));
        }
    }

    /** DSM of the exact score is E_t λ (D/σ² − ‖∇log p_t‖²) under the new weightings, and under log-normal levels with E over their law. */
    @Test
    void dsmOfTheExactScoreIsItsClosedFormUnderEdmAndMinSnr() {
        GaussianMixture mixture = MixtureFixtures.fullCovariance2d();
        OracleScore oracle = new OracleScore(mixture, vp);
        for (NoiseLevels levels : new NoiseLevels[] {
                new NoiseLevels(vp, EPS, NoiseLevels.Weighting.EDM, NoiseLevels.Sampling.UNIFORM, new NoiseLevels.Shape(-1.2, 1.2, 0.8, 5)),
                new NoiseLevels(vp, EPS, NoiseLevels.Weighting.MIN_SNR, NoiseLevels.Sampling.UNIFORM, NoiseLevels.Shape.DEFAULT),
                new NoiseLevels(vp, EPS, NoiseLevels.Weighting.EDM, NoiseLevels.Sampling.LOGNORMAL, new NoiseLevels.Shape(-1.2, 1.2, 0.8, 5))}) {
            // the closed form by Monte Carlo over the levels' own law: λ (D/σ² − ‖s*‖²) at x ~ p_t
            RandomStreams streams = new RandomStreams(6);
            int n = 6000;
            double[] t = levels.draw(n, streams.get("t"));
            double[] expected = new double[n];
            RandomStream draws = streams.get("x");
            for (int i = 0; i < n; i++) {
                INDArray s = oracle.score(oracle.marginal(t[i]).sample(1, draws), t[i]);
                expected[i] = levels.weight(t[i]) * (2 / vp.marginal(t[i]).variance() - s.mul(s).sumNumber().doubleValue());
            }
            DenoisingScoreMatching dsm = new DenoisingScoreMatching(levels);
            RandomStreams batches = new RandomStreams(7);
            double[] values = new double[6];
            for (int b = 0; b < values.length; b++) values[b] = dsm.evaluate(new FrozenScore(oracle), mixture.sample(2000,
                    batches.get("data")), batches).loss();
            double tolerance = 4 * Math.hypot(Arrays2.stderr(values), Arrays2.stderr(expected));
            assertThat(Arrays2.mean(values)).as("DSM(s*)").isCloseTo(Arrays2.mean(expected), within(tolerance));
        }
    }
}
