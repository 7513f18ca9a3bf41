package org.langevin.samplers;

import org.langevin.core.ConfigException;
import org.langevin.core.DensityModel;
import org.langevin.core.RandomStream;
import org.langevin.core.ScoreModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Metropolis–Hastings test of a Langevin proposal y = x + h ∇log π(x) + √(2h) z (MALA; Roberts & Tweedie 1996):
 * accept with probability min(1, π(y) q(x | y) / (π(x) q(y | x))), q(b | a) = N(b; a + h ∇log π(a), 2h I), for π ∝ p^{1/T}.
 */
final class Metropolis {
    private Metropolis() {}

    /** The log density a Metropolis test needs: an oracle's or an energy model's; else bad input naming the key. */
    static DensityModel density(ScoreModel score, String key, String choice) {
        if (score.unwrapped() instanceof DensityModel d) return d;
        throw new ConfigException(key, "'" + choice
                + "' needs a log density as well as a score: an exact score, or score.parameterization energy");
    }

    /**
     * Per row, 1 if the proposal y is accepted and 0 if not; {@code logPiX} (log p at x, before the 1/T) takes log p at y
     * where accepted. {@code gradX} and {@code gradY} are ∇log π at x and y.
     */
    static INDArray accept(INDArray x, INDArray y, INDArray gradX, INDArray gradY, double[] logPiX, double[] logPiY, double h, double temperature,
                           RandomStream uniform) {
        int n = (int) x.rows();
        double[] forward = y.sub(x).subi(gradX.mul(h)).norm2(1).toDoubleVector();
        double[] backward = x.sub(y).subi(gradY.mul(h)).norm2(1).toDoubleVector();
        double[] u = uniform.uniform(DataType.DOUBLE, 0, 1, n).toDoubleVector();
        double[] accepted = new double[n];
        for (int i = 0; i < n; i++) {
            double logRatio = (logPiY[i] - logPiX[i]) / temperature - (backward[i] * backward[i] - forward[i] * forward[i]) / (4 * h);
            if (Math.log(u[i]) < logRatio) {
                accepted[i] = 1;
                logPiX[i] = logPiY[i];
            }
        }
        return Nd4j.createFromArray(accepted).reshape(n, 1).castTo(x.dataType());
    }
}
