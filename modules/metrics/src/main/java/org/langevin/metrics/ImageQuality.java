package org.langevin.metrics;

import org.langevin.core.PixelGrid;

/**
 * Full-reference image quality of a restoration against the truth, per image (a clip: averaged over its frames):
 * PSNR = 10 log₁₀(R² / MSE) with R the pixel range (high − low), and SSIM (Wang et al. 2004) over w × w windows
 * (w = 7, or the frame's side if smaller) with C₁ = (0.01 R)², C₂ = (0.03 R)² and sample (co)variances, as
 * scikit-image's defaults compute it.
 */
public final class ImageQuality {
    private ImageQuality() {}

    /** PSNR in dB of one row against the truth, at most 100 dB (an exact copy). */
    public static double psnr(double[] restored, double[] truth, PixelGrid grid) {
        double mse = 0;
        for (int i = 0; i < truth.length; i++) mse += Math.pow(restored[i] - truth[i], 2);
        mse /= truth.length;
        double range = grid.high() - grid.low();
        return Math.min(100, 10 * Math.log10(range * range / mse));
    }

    /** Mean SSIM over the frames and channels of one row. */
    public static double ssim(double[] restored, double[] truth, PixelGrid grid) {
        int planes = grid.frames() * grid.channels();
        int size = grid.height() * grid.width();
        double sum = 0;
        for (int p = 0; p < planes; p++) sum += planeSsim(restored, truth, p * size, grid);
        return sum / planes;
    }

    private static double planeSsim(double[] a, double[] b, int offset, PixelGrid grid) {
        double range = grid.high() - grid.low();
        double c1 = Math.pow(0.01 * range, 2);
        double c2 = Math.pow(0.03 * range, 2);
        int w = Math.min(7, Math.min(grid.height(), grid.width()));
        int n = w * w;
        double total = 0;
        int windows = 0;
        for (int r = 0; r + w <= grid.height(); r++) {
            for (int c = 0; c + w <= grid.width(); c++) {
                double ma = 0;
                double mb = 0;
                for (int i = 0; i < w; i++)
                    for (int j = 0; j < w; j++) {
                        ma += a[offset + (r + i) * grid.width() + c + j];
                        mb += b[offset + (r + i) * grid.width() + c + j];
                    }
                ma /= n;
                mb /= n;
                double va = 0;
                double vb = 0;
                double cov = 0;
                for (int i = 0; i < w; i++)
                    for (int j = 0; j < w; j++) {
                        double da = a[offset + (r + i) * grid.width() + c + j] - ma;
                        double db = b[offset + (r + i) * grid.width() + c + j] - mb;
                        va += da * da;
                        vb += db * db;
                        cov += da * db;
                    }
                va /= n - 1;
                vb /= n - 1;
                cov /= n - 1;
                total += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                windows++;
            }
        }
        return total / windows;
    }
}
