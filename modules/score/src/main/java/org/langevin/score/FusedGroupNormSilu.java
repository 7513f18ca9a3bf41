package org.langevin.score;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Group norm and SiLU fused into one forward and one backward kernel, written with Java's Vector API directly on the
 * native float buffers of ND4J's NCHW arrays (CPU backend). Each (sample, group) is a contiguous block of m = (c/G)·H·W
 * values. Forward: μ and σ² in two passes, x̂ = (x − μ)/√(σ² + ε), y = γ x̂ + β, s = 1/(1 + e^(−y)), out = y s (or y
 * without SiLU). Backward: ∂L/∂y = g s (1 + y (1 − s)), then the group-norm gradient of {@link GroupNorm}, whose
 * per-group means Σ γ ∂L/∂y and Σ γ ∂L/∂y x̂ come from the per-channel sums that also give ∂L/∂γ and ∂L/∂β. Checked
 * against the ND4J-op version in GroupNormTest; the cuda build and double precision use that version.
 */
final class FusedGroupNormSilu {
    private static final VectorSpecies<Float> S = NativeFloats.SPECIES;

    private FusedGroupNormSilu() {}

    /** The shape of one call: samples, channels, H·W per channel, groups, and whether SiLU follows. */
    record Shape(int samples, int channels, int pixels, int groups, boolean silu) {
        int perGroup() {
            return channels / groups;
        }

        int blockSize() {
            return perGroup() * pixels;
        }
    }

    /** Writes x̂, s (with SiLU) and out; returns 1/√(σ² + ε) per (sample, group) block. */
    static float[] forward(Shape shape, NativeFloats x, float[] gamma, float[] beta, double eps, NativeFloats xhat, NativeFloats sig, NativeFloats out) {
        int m = shape.blockSize();
        int blocks = shape.samples() * shape.groups();
        float[] inverseStd = new float[blocks];
        for (int b = 0; b < blocks; b++) {
            long start = (long) b * m;
            float mean = sum(x, start, m) / m;
            float inv = (float) (1 / Math.sqrt(squaredDeviations(x, start, m, mean) / m + eps));
            inverseStd[b] = inv;
            for (int k = 0; k < shape.perGroup(); k++) {
                int c = (b % shape.groups()) * shape.perGroup() + k;
                long from = start + (long) k * shape.pixels();
                normalize(shape, x, from, mean, inv, gamma[c], beta[c], xhat, sig, out);
            }
        }
        return inverseStd;
    }

    private static float sum(NativeFloats x, long start, int m) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < S.loopBound(m); i += S.length()) acc = acc.add(x.load(start + i));
        float tail = 0;
        for (; i < m; i++) tail += x.get(start + i);
        return VectorMath.sum(acc, tail);
    }

    private static float squaredDeviations(NativeFloats x, long start, int m, float mean) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < S.loopBound(m); i += S.length()) {
            FloatVector d = x.load(start + i).sub(mean);
            acc = d.fma(d, acc);
        }
        float tail = 0;
        for (; i < m; i++) {
            float d = x.get(start + i) - mean;
            tail = Math.fma(d, d, tail);
        }
        return VectorMath.sum(acc, tail);
    }

    /** One channel's H·W values from {@code from}: x̂, y = γ x̂ + β, and SiLU. */
    private static void normalize(Shape shape, NativeFloats x, long from, float mean, float inv, float g, float b, NativeFloats xhat, NativeFloats sig,
                                  NativeFloats out) {
        int n = shape.pixels();
        int i = 0;
        for (; i < S.loopBound(n); i += S.length()) {
            FloatVector h = x.load(from + i).sub(mean).mul(inv);
            xhat.store(h, from + i);
            FloatVector y = h.fma(g, b);
            if (shape.silu()) {
                FloatVector s = VectorMath.sigmoid(y);
                sig.store(s, from + i);
                y = y.mul(s);
            }
            out.store(y, from + i);
        }
        for (; i < n; i++) {
            float h = (x.get(from + i) - mean) * inv;
            xhat.put(from + i, h);
            float y = Math.fma(h, g, b);
            if (shape.silu()) {
                float s = VectorMath.sigmoid(y);
                sig.put(from + i, s);
                y *= s;
            }
            out.put(from + i, y);
        }
    }

    /** From g = ∂L/∂out writes ∂L/∂x into dx, and adds ∂L/∂γ and ∂L/∂β per channel into dGamma and dBeta. */
    static void backward(Shape shape, NativeFloats g, NativeFloats xhat, NativeFloats sig, float[] inverseStd, float[] gamma, float[] beta, NativeFloats dx,
                         float[] dGamma, float[] dBeta) {
        int m = shape.blockSize();
        int n = shape.pixels();
        float[] sums = new float[2];
        for (int b = 0; b < shape.samples() * shape.groups(); b++) {
            long start = (long) b * m;
            float meanD = 0;
            float meanDx = 0;
            for (int k = 0; k < shape.perGroup(); k++) {
                int c = (b % shape.groups()) * shape.perGroup() + k;
                channelSums(shape, g, xhat, sig, start + (long) k * n, gamma[c], beta[c], sums);
                dBeta[c] += sums[0];
                dGamma[c] += sums[1];
                meanD += gamma[c] * sums[0] / m;
                meanDx += gamma[c] * sums[1] / m;
            }
            for (int k = 0; k < shape.perGroup(); k++) {
                int c = (b % shape.groups()) * shape.perGroup() + k;
                inputGradient(shape, g, xhat, sig, start + (long) k * n, gamma[c], beta[c], meanD, meanDx, inverseStd[b], dx);
            }
        }
    }

    /** Σ ∂L/∂y and Σ ∂L/∂y · x̂ over one channel. */
    private static void channelSums(Shape shape, NativeFloats g, NativeFloats xhat, NativeFloats sig, long from, float gamma, float beta, float[] sums) {
        int n = shape.pixels();
        FloatVector sd = FloatVector.zero(S);
        FloatVector sdx = FloatVector.zero(S);
        int i = 0;
        for (; i < S.loopBound(n); i += S.length()) {
            FloatVector h = xhat.load(from + i);
            FloatVector dy = dy(shape, g.load(from + i), h, sig, from + i, gamma, beta);
            sd = sd.add(dy);
            sdx = dy.fma(h, sdx);
        }
        float d = 0;
        float dx = 0;
        for (; i < n; i++) {
            float h = xhat.get(from + i);
            float dy = dy(shape, g.get(from + i), h, sig, from + i, gamma, beta);
            d += dy;
            dx = Math.fma(dy, h, dx);
        }
        sums[0] = VectorMath.sum(sd, d);
        sums[1] = VectorMath.sum(sdx, dx);
    }

    /** ∂L/∂x = (γ ∂L/∂y − mean(γ ∂L/∂y) − x̂ mean(γ ∂L/∂y x̂)) / √(σ² + ε) over one channel. */
    private static void inputGradient(Shape shape, NativeFloats g, NativeFloats xhat, NativeFloats sig, long from, float gamma, float beta, float meanD,
                                      float meanDx, float inv, NativeFloats dx) {
        int n = shape.pixels();
        int i = 0;
        for (; i < S.loopBound(n); i += S.length()) {
            FloatVector h = xhat.load(from + i);
            FloatVector dy = dy(shape, g.load(from + i), h, sig, from + i, gamma, beta);
            dx.store(dy.mul(gamma).sub(meanD).sub(h.mul(meanDx)).mul(inv), from + i);
        }
        for (; i < n; i++) {
            float h = xhat.get(from + i);
            float dy = dy(shape, g.get(from + i), h, sig, from + i, gamma, beta);
            dx.put(from + i, (dy * gamma - meanD - h * meanDx) * inv);
        }
    }

    /** ∂L/∂y from ∂L/∂out: through SiLU, g s (1 + y (1 − s)) with y = γ x̂ + β; else g itself. */
    private static FloatVector dy(Shape shape, FloatVector g, FloatVector h, NativeFloats sig, long at, float gamma, float beta) {
        if (!shape.silu()) return g;
        FloatVector s = sig.load(at);
        FloatVector y = h.fma(gamma, beta);
        return g.mul(s).mul(y.mul(s.neg().add(1f)).add(1f));
    }

    private static float dy(Shape shape, float g, float h, NativeFloats sig, long at, float gamma, float beta) {
        if (!shape.silu()) return g;
        float s = sig.get(at);
        float y = Math.fma(h, gamma, beta);
        return g * s * (y * (1 - s) + 1);
    }
}
