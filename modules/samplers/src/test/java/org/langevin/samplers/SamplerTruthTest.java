package org.langevin.samplers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Marginal;
import org.langevin.core.MixtureFixtures;
import org.langevin.core.RandomStreams;
import org.langevin.core.RungeKutta;
import org.langevin.core.SampleResult;
import org.langevin.core.ScoreModel;
import org.langevin.metrics.TwoSampleDistances;
import org.langevin.score.OracleScore;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Solvers against exact solutions: convergence orders, invertibility, reverse SDE with and without the score. */
class SamplerTruthTest {
    private final VpSde sde = new VpSde(0.1, 20);
    private final GaussianMixture gaussian = GaussianMixture.of(new double[] {1}, new double[][] {{1.0, -0.5}},
            new double[][][] {{{0.5, 0.2}, {0.2, 0.3}}});
    private final OracleScore oracle = new OracleScore(gaussian, sde);

    /**
     * For Gaussian data the probability-flow ODE is linear and exactly solvable: in the eigenbasis of Σ, the
     * coordinates of x - m_t μ scale as √(m_t² λ + σ_t²).
     */
    private double[][] exactFlow(double[][] x, double from, double to) {
        Marginal a = sde.marginal(from);
        Marginal b = sde.marginal(to);
        double[][] cov = gaussian.covariance(0);
        var eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(cov));
        double[][] q = eig.getV().getData();
        double[] lambda = eig.getEigenvalues();
        double[] mu = gaussian.mean(0);
        double[][] out = new double[x.length][2];
        for (int n = 0; n < x.length; n++) {
            double[] z = new double[2];
            for (int j = 0; j < 2; j++) for (int i = 0; i < 2; i++) z[j] += q[i][j] * (x[n][i] - a.meanCoef() * mu[i]);
            for (int j = 0; j < 2; j++) {
                z[j] *= Math.sqrt((b.meanCoef() * b.meanCoef() * lambda[j] + b.variance()) / (a.meanCoef() * a.meanCoef() * lambda[j]
                        + a.variance()));
            }
            for (int i = 0; i < 2; i++) {
                out[n][i] = b.meanCoef() * mu[i];
                for (int j = 0; j < 2; j++) out[n][i] += q[i][j] * z[j];
            }
        }
        return out;
    }

    private double maxError(double[][] a, double[][] b) {
        double e = 0;
        for (int n = 0; n < a.length; n++) for (int i = 0; i < a[n].length; i++) e = Math.max(e, Math.abs(a[n][i] - b[n][i]));
        return e;
    }

    /** Slope of log error against log step over a doubling sequence of step counts. */
    private double order(IntFunction<double[][]> solve, double[][] exact, int... steps) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int n : steps) {
            double lx = Math.log(1.0 / n);
            double ly = Math.log(maxError(solve.apply(n), exact));
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
        }
        int k = steps.length;
        return (k * sxy - sx * sy) / (k * sxx - sx * sx);
    }

    @Test
    void fixedStepSolversConvergeAtTheirOrder() {
        double from = 1.0;
        double to = 0.1;
        INDArray start = new RandomStreams(1).get("x").normal(DataType.DOUBLE, 20, 2);
        double[][] exact = exactFlow(Arrays2.toMatrix(start), from, to);
        for (var c : new Object[][] {{RungeKutta.EULER, 1.0}, {RungeKutta.HEUN, 2.0}, {RungeKutta.RK4, 4.0}}) {
            RungeKutta method = (RungeKutta) c[0];
            double slope = order(n -> Arrays2.toMatrix(method.integrate(sde.probabilityFlow(oracle), start.dup(),
                    RungeKutta.uniformGrid(from, to, n))),
                    exact, 40, 80, 160, 320);
            assertThat(slope).as("%s", method).isBetween((double) c[1] - 0.25, (double) c[1] + 0.4);
        }
        double slope = order(n -> Arrays2.toMatrix(DpmSolverPlusPlus2M.integrate(sde, oracle, start.dup(), RungeKutta.uniformGrid(from, to,
                n))), exact, 40, 80, 160, 320);
        assertThat(slope).as("dpmpp_2m").isBetween(1.75, 2.4);
    }

    @Test
    void theProbabilityFlowIsInvertible() {
        GaussianMixture data = MixtureFixtures.fullCovariance3d();
        OracleScore score = new OracleScore(data, sde);
        INDArray x = data.sample(200, new RandomStreams(2).get("x"));
        INDArray latent = AdaptiveProbabilityFlowSampler.flow(sde, score, x, 1e-3, 1.0, 1e-6, 1e-8);
        INDArray back = AdaptiveProbabilityFlowSampler.flow(sde, score, latent, 1.0, 1e-3, 1e-6, 1e-8);
        assertThat(maxError(Arrays2.toMatrix(back), Arrays2.toMatrix(x))).isLessThan(1e-4);
        assertThat(maxError(Arrays2.toMatrix(latent), Arrays2.toMatrix(x))).isGreaterThan(1.0);
    }

    @Test
    void withoutTheScoreTheReverseSdeDoesNotReturn() {
        GaussianMixture data = MixtureFixtures.fullCovariance3d();
        ScoreModel zero = new ScoreModel() {
            public INDArray score(INDArray x, double t) {
                return Nd4j.zerosLike(x);
            }

            public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
                return new ScoreAndVjp(Nd4j.zerosLike(x), Nd4j.zerosLike(x));
            }
        };
        ReverseSdeSampler em = new ReverseSdeSampler(sde, Predictor.EULER_MARUYAMA, null, TimeSchedule.UNIFORM.times(sde, 500, 1e-3, 7),
                10_000, false);
        double[][] exact = Arrays2.toMatrix(data.sample(500, new RandomStreams(3).get("exact")));
        SampleResult with = em.sample(new OracleScore(data, sde), 500, 3, new RandomStreams(4));
        SampleResult without = em.sample(zero, 500, 3, new RandomStreams(4));
        assertThat(with.nfe()).isEqualTo(500);
        var random = new SplittableRandom(5);
        assertThat(TwoSampleDistances.energyPermutationPValue(Arrays2.toMatrix(with.samples()), exact, 200, random)).isGreaterThan(0.01);
        assertThat(TwoSampleDistances.energyPermutationPValue(Arrays2.toMatrix(without.samples()), exact, 200, random)).isLessThan(0.01);
    }
}
