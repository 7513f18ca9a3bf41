package org.langevin.score;

import java.util.Arrays;
import org.langevin.core.Marginal;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Frames of a clip given clean, as conditioning (masked-frame training, Voleti et al. 2022, MCVD). A row is F frames of
 * {@code frameSize} values each; flags (n × F or 1 × F, 1 = given) say which frames are given and {@code clean} (n × D
 * or 1 × D) holds their values. The network sees a given frame as its clean signal at the noise level's scale, m_t y,
 * and a flag per frame; the score of a given coordinate is the exact one of x_t ~ N(m_t y, σ_t²):
 * −(x − m_t y)/σ_t², which equals denoising score matching's target there, so given frames add nothing to the loss.
 */
public final class GivenFrames {
    private final INDArray flags;
    private final INDArray clean;
    private final int frameSize;

    /** @param flags n × F or 1 × F, each 0 or 1; @param clean the given values, n × D or 1 × D (other frames are ignored) */
    public GivenFrames(INDArray flags, INDArray clean, int frameSize) {
        if (clean.columns() != flags.columns() * frameSize) {
            throw new IllegalArgumentException(flags.columns() + " frames of " + frameSize + " values, but rows of " + clean.columns());
        }
        this.flags = flags;
        this.clean = clean;
        this.frameSize = frameSize;
    }

    /** The flags of n rows (n × F), as the network's conditioning columns. */
    INDArray flags(long n, DataType type) {
        return rows(flags.castTo(type), n, "flags");
    }

    /** The given coordinates of n rows: 1 on every value of a given frame (n × D). */
    INDArray mask(long n, DataType type) {
        return flags(n, type).repeat(1, frameSize);
    }

    /** The network's input: x with each given frame replaced by m_t y (m per row). */
    INDArray input(INDArray x, double[] mean) {
        INDArray m = mask(x.rows(), x.dataType());
        return x.mul(m.rsub(1.0)).addi(m.mul(signal(x, mean)));
    }

    /** The score: the network's on the frames to generate, −(x − m_t y)/σ_t² on the given ones (m and σ² per row). */
    INDArray score(INDArray networkScore, INDArray x, double[] mean, double[] variance) {
        INDArray m = mask(x.rows(), x.dataType());
        INDArray exact = x.sub(signal(x, mean)).diviColumnVector(column(variance, x)).negi();
        return networkScore.mul(m.rsub(1.0)).addi(exact.muli(m));
    }

    /** A gradient with respect to the score, restricted to the frames the network generates (the rest does not depend on it). */
    INDArray generated(INDArray gradient) {
        return gradient.mul(mask(gradient.rows(), gradient.dataType()).rsubi(1.0));
    }

    /** vᵀ ∂s/∂x given the network's vᵀ ∂s/∂x' for its input x' (computed with v restricted to the generated frames). */
    INDArray vjp(INDArray networkVjp, INDArray v, double[] variance) {
        INDArray m = mask(v.rows(), v.dataType());
        return networkVjp.mul(m.rsub(1.0)).subi(v.mul(m).diviColumnVector(column(variance, v)));
    }

    /** m_t and σ_t² of every row at per-row times. */
    static double[][] marginals(Sde sde, double[] times) {
        double[][] out = new double[2][times.length];
        for (int i = 0; i < times.length; i++) {
            Marginal g = sde.marginal(times[i]);
            out[0][i] = g.meanCoef();
            out[1][i] = g.std() * g.std();
        }
        return out;
    }

    /** m_t and σ_t² for n rows at one time t. */
    static double[][] marginals(Sde sde, double t, long n) {
        double[] times = new double[(int) n];
        Arrays.fill(times, t);
        return marginals(sde, times);
    }

    private INDArray signal(INDArray x, double[] mean) {
        return rows(clean.castTo(x.dataType()), x.rows(), "given values").mulColumnVector(column(mean, x));
    }

    /** One row for every row of the batch, or a row per row. */
    private static INDArray rows(INDArray a, long n, String what) {
        if (a.rows() == n) return a;
        if (a.rows() == 1) return a.repeat(0, n);
        throw new IllegalArgumentException(what + " for " + a.rows() + " rows, the batch has " + n);
    }

    private static INDArray column(double[] values, INDArray like) {
        return Nd4j.createFromArray(values).castTo(like.dataType()).reshape(values.length, 1);
    }
}
