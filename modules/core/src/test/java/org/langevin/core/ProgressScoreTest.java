package org.langevin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The progress of passes over noise levels, read from the t of each score call; the calls themselves are unchanged. */
class ProgressScoreTest {
    /** s(x, t) = −x t, with a log density: a stand-in whose calls are easy to check. */
    private static final class Linear implements DensityModel {
        public INDArray score(INDArray x, double t) {
            return x.mul(-t);
        }

        public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
            return new ScoreAndVjp(score(x, t), v.mul(-t));
        }

        public double[] logDensity(INDArray x, double t) {
            return new double[(int) x.rows()];
        }

        public int evaluationsPerCall() {
            return 3;
        }
    }

    @Test
    void twoSamplingPassesFromTDownToZeroReportHalfwayThenAll() {
        List<Double> seen = new ArrayList<>();
        ProgressScore score = new ProgressScore(new Linear(), 1.0, 0.0, 2, seen::add);
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}});
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i <= 10; i++) score.score(x, 1.0 - i / 10.0);
        }
        assertThat(seen).hasSize(22).isSorted();
        assertThat(seen.get(10)).isCloseTo(0.5, Assertions.within(1e-12));
        assertThat(seen.get(11)).isCloseTo(0.5, Assertions.within(1e-12)); // the second pass starts at T
        assertThat(seen.get(21)).isEqualTo(1.0);
    }

    @Test
    void aLikelihoodPassRunsUpwardAndAStepBackDoesNotStartANewPass() {
        List<Double> seen = new ArrayList<>();
        ProgressScore score = new ProgressScore(new Linear(), 0.0, 2.0, 1, seen::add);
        INDArray x = Nd4j.createFromArray(new double[][] {{1}});
        for (double t : new double[] {0.0, 0.5, 1.0, 0.9, 1.5, 2.0}) score.vjp(x, t, x); // 0.9: a rejected adaptive step
        assertThat(seen).containsExactly(0.0, 0.25, 0.5, 0.5, 0.75, 1.0);
    }

    @Test
    void atOneNoiseLevelProgressCountsCalls() {
        List<Double> seen = new ArrayList<>();
        ProgressScore score = ProgressScore.byCalls(new Linear(), 4, seen::add);
        INDArray x = Nd4j.createFromArray(new double[][] {{1}});
        for (int i = 0; i < 5; i++) score.score(x, 1e-3); // MCMC at eps: t never moves
        assertThat(seen).containsExactly(0.25, 0.5, 0.75, 1.0, 1.0);
    }

    @Test
    void callsPassThroughUnchangedAndWrappersUnwrapToTheModel() {
        Linear inner = new Linear();
        ProgressScore score = new ProgressScore(inner, 1.0, 0.0, 1, f -> {});
        INDArray x = Nd4j.createFromArray(new double[][] {{1, -2}});
        assertThat(score.score(x, 0.5)).isEqualTo(inner.score(x, 0.5));
        assertThat(score.exactDivergence(x, 0.5).divergence()).isEqualTo(inner.exactDivergence(x, 0.5).divergence());
        assertThat(score.evaluationsPerCall()).isEqualTo(3);
        CountingScore counted = new CountingScore(score);
        counted.score(x, 0.3);
        assertThat(counted.count()).isEqualTo(3);
        assertThat(counted.unwrapped()).isSameAs(inner).isInstanceOf(DensityModel.class);
    }
}
