package org.langevin.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Power-function EMA profiles against their closed form, their widths against EDM2's, and checkpoints that carry them. */
class PowerEmaTest {
    /** θ(t) = [t, √t, sin t]: a weight sequence whose average is easy to write down. */
    private static double[] theta(int t) {
        return new double[] {t, Math.sqrt(t), Math.sin(t)};
    }

    @Test
    void eachProfileIsTheAverageWithWeightsTauToTheGammaPlusOneDifferences() {
        double[] widths = {0.05, 0.1, 0.2};
        PowerEma ema = new PowerEma(widths);
        INDArray profiles = Nd4j.zeros(DataType.DOUBLE, widths.length, 3);
        int steps = 500;
        for (int t = 1; t <= steps; t++) ema.update(profiles, Nd4j.createFromArray(theta(t)), t);
        for (int k = 0; k < widths.length; k++) {
            double gamma = PowerEma.gamma(widths[k]);
            double[] expected = new double[3];
            for (int tau = 1; tau <= steps; tau++) {
                // β(t) = (1 − 1/t)^{γ+1}: the product of the β after τ is (τ/T)^{γ+1}, so θ(τ) weighs (τ^{γ+1} − (τ−1)^{γ+1}) / T^{γ+1}
                double w = (Math.pow(tau, gamma + 1) - Math.pow(tau - 1, gamma + 1)) / Math.pow(steps, gamma + 1);
                for (int j = 0; j < 3; j++) expected[j] += w * theta(tau)[j];
            }
            for (int j = 0; j < 3; j++) assertThat(profiles.getDouble(k, j)).as("profile σ_rel %s, coordinate %d", widths[k], j)
                    .isCloseTo(expected[j], within(1e-9 * (1 + Math.abs(expected[j]))));
        }
        assertThat(profiles.getDouble(0, 0)).as("a narrower profile sits nearer the last weights").isGreaterThan(profiles.getDouble(1, 0));
    }

    @Test
    void widthsMapToTheExponentsEdm2Quotes() {
        assertThat(PowerEma.gamma(0.05)).isCloseTo(16.97, within(0.01)); // Karras et al. 2024, §3.1
        assertThat(PowerEma.gamma(0.10)).isCloseTo(6.94, within(0.01));
        assertThat(PowerEma.gamma(PowerEma.MAX_SIGMA_REL)).isCloseTo(0, within(1e-9));
        for (double w : new double[] {0.01, 0.07, 0.25}) assertThat(PowerEma.sigmaRel(PowerEma.gamma(w))).isCloseTo(w, within(1e-12));
        assertThatThrownBy(() -> PowerEma.gamma(0.3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PowerEma.gamma(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkpointsKeepTheProfilesAndVersionOneFilesStillLoad(@TempDir Path dir) throws Exception {
        INDArray params = Nd4j.createFromArray(1.0, 2.0, 3.0);
        Checkpoint with = new Checkpoint(7, params, params.mul(2), params.mul(3), Map.of("train/noise", new long[] {1, 2}),
                Nd4j.createFromArray(new double[][] {{4, 5, 6}, {7, 8, 9}}));
        with.save(dir.resolve("v2.ckpt"));
        Checkpoint back = Checkpoint.load(dir.resolve("v2.ckpt"));
        assertThat(back.profiles()).isEqualTo(with.profiles());
        assertThat(back.ema()).isEqualTo(with.ema());
        new Checkpoint(7, params, params, params, Map.of()).save(dir.resolve("none.ckpt"));
        assertThat(Checkpoint.load(dir.resolve("none.ckpt")).profiles()).isNull();
        // a file written before profiles existed: version 1, ending after the EMA
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("v1.ckpt")))) {
            out.writeInt(0x4C474350);
            out.writeInt(1);
            out.writeInt(3);
            out.writeInt(0);
            Nd4j.write(params, out);
            Nd4j.write(params, out);
            Nd4j.write(params.mul(5), out);
        }
        Checkpoint old = Checkpoint.load(dir.resolve("v1.ckpt"));
        assertThat(old.step()).isEqualTo(3);
        assertThat(old.ema()).isEqualTo(params.mul(5));
        assertThat(old.profiles()).isNull();
    }
}
