package org.langevin.samplers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.ScoreModel;
import org.langevin.sde.VpSde;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * sampler.batch_size: auto draws 28 × 28 images in chunks of 2¹⁵ / 784 = 41 rows and points in chunks of 10,000, and
 * a configured count is kept; every chunk's rows reach the score together and the result has every row.
 */
class SampleChunksTest {
    private final VpSde sde = new VpSde(0.1, 20);

    @Test
    void autoBoundsTheRowsPerChunkByTheirDimension() {
        assertThat(chunks(0, 100, 784)).containsExactly(41, 41, 18);
        assertThat(chunks(0, 12_000, 2)).containsExactly(10_000, 2_000);
        assertThat(chunks(0, 3, 48 * 48 * 8)).containsExactly(1, 1, 1);
        assertThat(chunks(0, 20, 24 * 24 * 8)).containsExactly(7, 7, 6);
        assertThat(chunks(100, 250, 784)).containsExactly(100, 100, 50);
    }

    /** The batch sizes the score sees at its first evaluation in each chunk of a 2-step DDIM run. */
    private List<Integer> chunks(int configured, int n, int dim) {
        List<Integer> firsts = new ArrayList<>();
        ScoreModel zero = new ScoreModel() {
            private long calls;

            @Override
            public INDArray score(INDArray x, double t) {
                if (calls++ % 2 == 0) firsts.add((int) x.rows());
                return x.mul(0);
            }

            @Override
            public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
                return new ScoreAndVjp(score(x, t), v.mul(0));
            }
        };
        double[] grid = TimeSchedule.UNIFORM.times(sde, 2, 1e-3, 7);
        SampleResult r = new DdimSampler(sde, 0, grid, configured, false).sample(zero, n, dim, new RandomStreams(3));
        assertThat(r.samples().rows()).isEqualTo(n);
        return firsts;
    }
}
