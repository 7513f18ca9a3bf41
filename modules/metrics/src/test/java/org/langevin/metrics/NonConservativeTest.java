package org.langevin.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.score.OracleScore;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The non-conservative share of a field's Jacobian against fields whose Jacobian is known, and the log-density fit. */
class NonConservativeTest {
    private final VpSde sde = new VpSde(0.1, 20);
    private final INDArray data = new RandomStreams(41).get("x").normal(DataType.DOUBLE, 100, 2);

    /** s(x) = M x: J = M everywhere. */
    private static ScoreModel linear(double[][] m) {
        INDArray matrix = Nd4j.createFromArray(m);
        return new ScoreModel() {
            public INDArray score(INDArray x, double t) {
                return x.mmul(matrix.transpose());
            }

            public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
                return new ScoreAndVjp(score(x, t), v.mmul(matrix));
            }
        };
    }

    @Test
    void aGradientFieldHasNoNonConservativePartAndARotationIsAllOfIt() {
        GaussianMixture ring = GaussianMixture.isotropic(new double[] {0.3, 0.7}, new double[][] {{-2, 1}, {2, -1}}, 0.5);
        assertThat(NonConservative.of(new OracleScore(ring, sde), sde, data, 4, new RandomStreams(42).get("t"))).isLessThan(1e-12);
        assertThat(NonConservative.of(linear(new double[][] {{0, 1}, {-1, 0}}), sde, data, 2, new RandomStreams(42).get("t")))
                .isCloseTo(1.0, within(1e-12));
        // M = S + A with S = diag(1, 1), A = [[0, 1], [-1, 0]]: ‖A‖² / ‖M‖² = 2/4
        assertThat(NonConservative.of(linear(new double[][] {{1, 1}, {-1, 1}}), sde, data, 2, new RandomStreams(42).get("t")))
                .isCloseTo(Math.sqrt(0.5), within(1e-12));
    }

    @Test
    void logDensityFitSeesOnlyTheNormalizingConstantOfAPerfectModel() {
        double[] exact = {-1.0, -2.5, -0.3, -4.0, -2.2};
        double[] shifted = new double[exact.length];
        for (int i = 0; i < exact.length; i++) shifted[i] = exact[i] + 7.0;
        int[] groups = {0, 1, 0, 1, 1};
        LogDensityFit perfect = LogDensityFit.of(shifted, exact, groups);
        assertThat(perfect.pearson()).isCloseTo(1.0, within(1e-12));
        assertThat(perfect.spearman()).isCloseTo(1.0, within(1e-12));
        assertThat(perfect.offsetStd()).isCloseTo(0.0, within(1e-12));
        assertThat(perfect.offsetStdWithin()).isCloseTo(0.0, within(1e-12));
        // right shape within each group, wrong level between them: the within-group spread stays 0
        double[] levels = shifted.clone();
        for (int i = 0; i < levels.length; i++) levels[i] += groups[i] * 3.0;
        LogDensityFit mislevelled = LogDensityFit.of(levels, exact, groups);
        assertThat(mislevelled.offsetStd()).isGreaterThan(1.0);
        assertThat(mislevelled.offsetStdWithin()).isCloseTo(0.0, within(1e-12));
        LogDensityFit reversed = LogDensityFit.of(new double[] {1.0, 2.5, 0.3, 4.0, 2.2}, exact, groups);
        assertThat(reversed.spearman()).isCloseTo(-1.0, within(1e-12));
        assertThat(reversed.offsetStd()).isGreaterThan(1.0);
    }
}
