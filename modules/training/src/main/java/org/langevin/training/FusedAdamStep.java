package org.langevin.training;

import org.langevin.core.kernels.NativeFloats;
import org.langevin.core.kernels.VectorKernels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One optimizer step over the flat float vectors in a single pass: the clipped gradient g, Adam's moments
 * m ← β₁m + (1 − β₁)g and v ← β₂v + (1 − β₂)g², the update θ ← θ − α_t m/(√v + ε) with the bias correction folded into
 * α_t = lr √(1 − β₂ᵗ)/(1 − β₁ᵗ) (Kingma & Ba 2015, §2, as ND4J's updater computes it), and the weights' EMA
 * θ_ema ← d θ_ema + (1 − d) θ: one pass in place of ND4J's Adam op and four element-wise ops. The moments keep ND4J's
 * state layout (m, then v), so checkpoints and resumption do not depend on which path ran. Checked against ND4J's updater.
 */
final class FusedAdamStep {
    private static final int CHUNK = 4096;

    private FusedAdamStep() {}

    /** The float CPU path: every array row-major float on ND4J's CPU backend. */
    static boolean applies(INDArray... arrays) {
        for (INDArray a : arrays) if (!VectorKernels.enabledFor(a)) return false;
        return true;
    }

    /**
     * @param scale the gradient's clipping factor (1: none)
     * @param state Adam's 1 × 2N state, m then v
     * @param iteration the 0-based step
     */
    static void apply(INDArray gradient, double scale, INDArray state, INDArray params, INDArray ema, double learningRate, int iteration,
                      double beta1, double beta2, double epsilon, double emaDecay) {
        long n = params.length();
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float eps = (float) epsilon;
        float b1t = (float) Math.pow(b1, iteration + 1);
        float b2t = (float) Math.pow(b2, iteration + 1);
        // libnd4j: T α = lr · √(1 − β₂ᵗ) / (1.0 − β₁ᵗ), the division by a double literal done in double
        float alpha = (float) ((double) ((float) learningRate * (float) Math.sqrt(1f - b2t)) / (1.0 - b1t));
        float s = (float) scale;
        float d = (float) emaDecay;
        float dc = (float) (1.0 - emaDecay);
        NativeFloats g = NativeFloats.of(gradient);
        NativeFloats st = NativeFloats.of(state);
        NativeFloats p = NativeFloats.of(params);
        NativeFloats e = NativeFloats.of(ema);
        float[] gs = new float[CHUNK];
        float[] ms = new float[CHUNK];
        float[] vs = new float[CHUNK];
        float[] ps = new float[CHUNK];
        float[] es = new float[CHUNK];
        for (long from = 0; from < n; from += CHUNK) {
            int length = (int) Math.min(CHUNK, n - from);
            g.get(from, gs, 0, length);
            st.get(from, ms, 0, length);
            st.get(n + from, vs, 0, length);
            p.get(from, ps, 0, length);
            e.get(from, es, 0, length);
            for (int i = 0; i < length; i++) {
                float grad = s == 1f ? gs[i] : gs[i] * s;
                ms[i] = b1 * ms[i] + grad * (1f - b1);
                vs[i] = b2 * vs[i] + grad * grad * (1f - b2);
                ps[i] = ps[i] - ms[i] * alpha / ((float) Math.sqrt(vs[i]) + eps);
                es[i] = es[i] * d + ps[i] * dc;
            }
            st.put(from, ms, 0, length);
            st.put(n + from, vs, 0, length);
            p.put(from, ps, 0, length);
            e.put(from, es, 0, length);
        }
    }
}
