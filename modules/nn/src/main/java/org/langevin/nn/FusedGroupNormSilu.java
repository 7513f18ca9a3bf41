package org.langevin.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.langevin.core.ComputeThreads;
import org.langevin.core.kernels.NativeFloats;

/**
 * Group norm and SiLU fused into one forward and one backward kernel, written with Java's Vector API on the native
 * float buffers of ND4J's NHWC arrays (CPU backend; read in place, written a sample at a time through a Java array and
 * one bulk copy): each sample is P pixels × C channels, channels fastest, so
 * vectors run along channels and every per-channel coefficient is one vector. Per sample: channel sums over pixels, then
 * group mean μ and variance σ² (two passes), x̂ = (x − μ)/√(σ² + ε), y = γ x̂ + β, s = 1/(1 + e^(−y)), out = y s (or y
 * without SiLU). Backward: ∂L/∂y = g s (1 + y (1 − s)); the group means of γ ∂L/∂y and γ ∂L/∂y x̂ come from the channel
 * sums that also give ∂L/∂γ and ∂L/∂β, then ∂L/∂x = (γ ∂L/∂y − mean − x̂ mean')/√(σ² + ε). Checked against the
 * ND4J-op version in VectorKernelTest; the cuda build and double precision use that version.
 */
final class FusedGroupNormSilu {
    // a constant: C2 compiles vector code only for species it can see at compile time
    private static final VectorSpecies<Float> LANES = NativeFloats.SPECIES;

    private FusedGroupNormSilu() {}

    /** The shape of one call: samples, pixels per sample, channels, groups, and whether SiLU follows. */
    record Shape(int samples, int pixels, int channels, int groups, boolean silu) {
        int perGroup() {
            return channels / groups;
        }

        /**
         * Whether vectors of the machine's width (16 floats with AVX-512, 8 with AVX2) tile the channels. The species must be
         * a constant for C2 to compile vector code, so other channel counts take the ND4J-op version instead.
         */
        static boolean supports(int channels) {
            return channels % LANES.length() == 0;
        }
    }

    /** Writes x̂, s (with SiLU) and out; returns 1/√(σ² + ε) per sample and channel (the channel's group's). Samples split over the threads. */
    static float[] forward(Shape shape, NativeFloats x, float[] gamma, float[] beta, double eps, NativeFloats xhat, NativeFloats sig,
                           NativeFloats out) {
        float[] inverseStd = new float[shape.samples() * shape.channels()];
        ComputeThreads.forRanges(shape.samples(), (from, to) -> forward(shape, from, to, x, gamma, beta, eps, xhat, sig, out, inverseStd));
        return inverseStd;
    }

    private static void forward(Shape shape, int from, int to, NativeFloats x, float[] gamma, float[] beta, double eps, NativeFloats xhat,
                                NativeFloats sig, NativeFloats out, float[] inverseStd) {
        int c = shape.channels();
        float[] mean = new float[c];
        float[] inv = new float[c];
        int size = shape.pixels() * c;
        float[] normed = new float[size];
        float[] sigmoid = new float[size];
        float[] result = new float[size];
        for (int i = from; i < to; i++) {
            long start = (long) i * size;
            groupAverage(shape, channelSums(shape, x, start, null), mean);
            groupAverage(shape, channelSums(shape, x, start, mean), inv);
            for (int k = 0; k < c; k++) inv[k] = (float) (1 / Math.sqrt(inv[k] + eps));
            System.arraycopy(inv, 0, inverseStd, i * c, c);
            for (int k = 0; k < c; k += LANES.length()) {
                FloatVector m = FloatVector.fromArray(LANES, mean, k);
                FloatVector v = FloatVector.fromArray(LANES, inv, k);
                FloatVector g = FloatVector.fromArray(LANES, gamma, k);
                FloatVector b = FloatVector.fromArray(LANES, beta, k);
                for (int q = k; q < size; q += c) {
                    FloatVector h = x.load(start + q).sub(m).mul(v);
                    h.intoArray(normed, q);
                    FloatVector y = h.fma(g, b);
                    if (shape.silu()) {
                        FloatVector s = VectorMath.sigmoid(y);
                        s.intoArray(sigmoid, q);
                        y = y.mul(s);
                    }
                    y.intoArray(result, q);
                }
            }
            xhat.put(start, normed, 0, size);
            if (shape.silu()) sig.put(start, sigmoid, 0, size);
            out.put(start, result, 0, size);
        }
    }

    /** Per channel, Σ over pixels of x (no shift) or of (x − shift)². */
    private static float[] channelSums(Shape shape, NativeFloats x, long start, float[] shift) {
        int c = shape.channels();
        float[] sums = new float[c];
        for (int k = 0; k < c; k += LANES.length()) {
            FloatVector acc = FloatVector.zero(LANES);
            FloatVector m = shift == null ? null : FloatVector.fromArray(LANES, shift, k);
            for (long p = start + k; p < start + (long) shape.pixels() * c; p += c) {
                FloatVector v = x.load(p);
                if (m == null) {
                    acc = acc.add(v);
                } else {
                    FloatVector d = v.sub(m);
                    acc = d.fma(d, acc);
                }
            }
            acc.intoArray(sums, k);
        }
        return sums;
    }

    /** Each channel's entry set to the mean over its group's channels of sums/pixels. */
    private static void groupAverage(Shape shape, float[] sums, float[] into) {
        int per = shape.perGroup();
        float count = (float) shape.pixels() * per;
        for (int g = 0; g < shape.groups(); g++) {
            float total = 0;
            for (int k = g * per; k < (g + 1) * per; k++) total += sums[k];
            for (int k = g * per; k < (g + 1) * per; k++) into[k] = total / count;
        }
    }

    /**
     * From g = ∂L/∂out writes ∂L/∂x into dx, and adds ∂L/∂γ and ∂L/∂β per channel into dGamma and dBeta. Samples split
     * over the threads; their parameter gradients are summed afterwards in sample order, so every thread count gives the
     * same floats.
     */
    static void backward(Shape shape, NativeFloats g, NativeFloats xhat, NativeFloats sig, float[] inverseStd, float[] gamma, float[] beta,
                         NativeFloats dx, float[] dGamma, float[] dBeta) {
        int c = shape.channels();
        float[] sumD = new float[shape.samples() * c];
        float[] sumDx = new float[shape.samples() * c];
        ComputeThreads.forRanges(shape.samples(), (from, to) -> backward(shape, from, to, g, xhat, sig, inverseStd, gamma, beta, dx, sumD, sumDx));
        for (int i = 0; i < shape.samples(); i++) {
            for (int k = 0; k < c; k++) {
                dBeta[k] += sumD[i * c + k];
                dGamma[k] += sumDx[i * c + k];
            }
        }
    }

    /** Samples [from, to): ∂L/∂x, and each sample's Σ ∂L/∂y and Σ ∂L/∂y x̂ per channel into sumD and sumDx. */
    private static void backward(Shape shape, int from, int to, NativeFloats g, NativeFloats xhat, NativeFloats sig, float[] inverseStd,
                                 float[] gamma, float[] beta, NativeFloats dx, float[] sumD, float[] sumDx) {
        int c = shape.channels();
        float[] scaledD = new float[c];
        float[] scaledDx = new float[c];
        float[] meanD = new float[c];
        float[] meanDx = new float[c];
        float[] gradient = new float[shape.pixels() * c];
        for (int i = from; i < to; i++) {
            long start = (long) i * shape.pixels() * c;
            long end = start + (long) shape.pixels() * c;
            for (int k = 0; k < c; k += LANES.length()) {
                FloatVector gm = FloatVector.fromArray(LANES, gamma, k);
                FloatVector bt = FloatVector.fromArray(LANES, beta, k);
                FloatVector sd = FloatVector.zero(LANES);
                FloatVector sdx = FloatVector.zero(LANES);
                for (long p = start + k; p < end; p += c) {
                    FloatVector h = xhat.load(p);
                    FloatVector dy = dy(shape, g.load(p), h, sig, p, gm, bt);
                    sd = sd.add(dy);
                    sdx = dy.fma(h, sdx);
                }
                sd.intoArray(sumD, i * c + k);
                sdx.intoArray(sumDx, i * c + k);
            }
            for (int k = 0; k < c; k++) {
                scaledD[k] = sumD[i * c + k] * gamma[k];
                scaledDx[k] = sumDx[i * c + k] * gamma[k];
            }
            groupAverage(shape, scaledD, meanD);
            groupAverage(shape, scaledDx, meanDx);
            for (int k = 0; k < c; k += LANES.length()) {
                FloatVector gm = FloatVector.fromArray(LANES, gamma, k);
                FloatVector bt = FloatVector.fromArray(LANES, beta, k);
                FloatVector md = FloatVector.fromArray(LANES, meanD, k);
                FloatVector mdx = FloatVector.fromArray(LANES, meanDx, k);
                FloatVector inv = FloatVector.fromArray(LANES, inverseStd, i * c + k);
                for (long p = start + k; p < end; p += c) {
                    FloatVector h = xhat.load(p);
                    FloatVector dy = dy(shape, g.load(p), h, sig, p, gm, bt);
                    dy.mul(gm).sub(md).sub(h.mul(mdx)).mul(inv).intoArray(gradient, (int) (p - start));
                }
            }
            dx.put(start, gradient, 0, gradient.length);
        }
    }

    /** ∂L/∂y from ∂L/∂out: through SiLU, g s (1 + y (1 − s)) with y = γ x̂ + β; else g itself. */
    private static FloatVector dy(Shape shape, FloatVector g, FloatVector h, NativeFloats sig, long at,
                                  FloatVector gamma, FloatVector beta) {
        if (!shape.silu()) return g;
        FloatVector s = sig.load(at);
        FloatVector y = h.fma(gamma, beta);
        return g.mul(s).mul(y.mul(s.neg().add(1f)).add(1f));
    }
}
