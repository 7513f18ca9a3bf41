package org.langevin.experiment.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.training.Checkpoint;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The weights a run's ema_choice names, read back from its checkpoint by the commands that load the run. */
class EmaChoiceTest {
    private final INDArray raw = Nd4j.createFromArray(1.0, 2.0);
    private final INDArray exponential = Nd4j.createFromArray(3.0, 4.0);
    private final Checkpoint done = new Checkpoint(10, raw, raw, exponential, Map.of(), Nd4j.createFromArray(new double[][] {{5, 6}, {7, 8}}));

    @Test
    void eachNameGivesItsWeightsAndNoTagGivesTheExponentialEma() {
        double[] widths = {0.05, 0.2};
        assertThat(EmaChoice.evaluated(done, widths, "raw")).isEqualTo(raw);
        assertThat(EmaChoice.evaluated(done, widths, "exponential")).isEqualTo(exponential);
        assertThat(EmaChoice.evaluated(done, widths, "power_0.05")).isEqualTo(Nd4j.createFromArray(5.0, 6.0));
        assertThat(EmaChoice.evaluated(done, widths, "power_0.2")).isEqualTo(Nd4j.createFromArray(7.0, 8.0));
        assertThat(EmaChoice.evaluated(done, widths, null)).isEqualTo(exponential);
        assertThat(EmaChoice.evaluated(new Checkpoint(10, raw, raw, exponential, Map.of()), widths, null)).isEqualTo(exponential);
    }
}
