package org.langevin.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.langevin.core.PixelGrid;

/** PSNR and SSIM against values computed by hand. */
class ImageQualityTest {
    private final PixelGrid grid = new PixelGrid(1, 1, 7, 7, 17, -1, 1);

    private static double[] ramp(double scale, double shift) {
        double[] x = new double[49];
        for (int i = 0; i < 49; i++) x[i] = scale * ((i % 7) - 3) / 3.0 + shift;
        return x;
    }

    @Test
    void psnrOfAConstantErrorIsTenLogOfRangeOverError() {
        double[] truth = ramp(0.5, 0);
        assertThat(ImageQuality.psnr(ramp(0.5, 0.1), truth, grid)).isCloseTo(10 * Math.log10(4 / 0.01), within(1e-9));
        assertThat(ImageQuality.psnr(truth, truth, grid)).isEqualTo(100);
    }

    @Test
    void ssimIsOneForACopyAndFollowsItsFormulaOnOneWindow() {
        double[] truth = ramp(0.5, 0);
        assertThat(ImageQuality.ssim(truth, truth, grid)).isCloseTo(1, within(1e-12));
        // one 7 × 7 window: a shift by 0.2 changes only the luminance term (2 μa μb + C1)/(μa² + μb² + C1) with μa = 0.2, μb = 0
        double c1 = Math.pow(0.02, 2);
        assertThat(ImageQuality.ssim(ramp(0.5, 0.2), truth, grid)).isCloseTo(c1 / (0.04 + c1), within(1e-12));
        // a contrast change by 2 keeps the means (0): (2 cov + C2)/(va + vb + C2) with cov = 2 v, va = 4 v, vb = v
        double v = 0;
        for (double x : truth) v += x * x;
        v /= 48;
        double c2 = Math.pow(0.06, 2);
        assertThat(ImageQuality.ssim(ramp(1.0, 0), truth, grid)).isCloseTo((4 * v + c2) / (5 * v + c2), within(1e-12));
    }
}
