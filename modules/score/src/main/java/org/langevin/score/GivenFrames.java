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

    /** The given frames for one batch x at its noise levels (m_t and σ_t² per row): the mask and m_t y made once. */
    At at(INDArray x, double[][] marginals) {
        INDArray mask = flags(x.rows(), x.dataType()).repeat(1, frameSize); // 1 on every value of a given frame
        INDArray signal = rows(clean.castTo(x.dataType()), x.rows(), "given values").mulColumnVector(column(marginals[0], x));
        return new At(x, mask, mask.rsub(1.0), signal, column(marginals[1], x));
    }

    /** One batch's given frames: x, the mask M and 1 − M, m_t y, and σ_t² per row. */
    record At(INDArray x, INDArray mask, INDArray keep, INDArray signal, INDArray variance) {
        /** The network's input: x with each given frame replaced by m_t y. */
        INDArray input() {
            return x.mul(keep).addi(signal.mul(mask));
        }

        /** The score: the network's on the frames to generate, −(x − m_t y)/σ_t² on the given ones. */
        INDArray score(INDArray networkScore) {
            return networkScore.mul(keep).addi(x.sub(signal).diviColumnVector(variance).negi().muli(mask));
        }

        /** A gradient with respect to the score, restricted to the frames the network generates (the rest does not depend on it). */
        INDArray generated(INDArray gradient) {
            return gradient.mul(keep);
        }

        /** vᵀ ∂s/∂x given the network's vᵀ ∂s/∂x' for its input x' (computed with v restricted to the generated frames). */
        INDArray vjp(INDArray networkVjp, INDArray v) {
            return networkVjp.mul(keep).subi(v.mul(mask).diviColumnVector(variance));
        }
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
