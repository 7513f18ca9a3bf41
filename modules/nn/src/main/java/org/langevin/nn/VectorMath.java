package org.langevin.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The exponential and the logistic sigmoid for the Vector API kernels, written only with operations that IEEE 754
 * rounds exactly (add, multiply, divide, fused multiply-add, integer and bit operations). The Vector API's own EXP may
 * round differently once C2 compiles it (SVML) than in the interpreter, which
 * would make a run's figures depend on when the JIT compiler got to them; these give the same bits in every tier, and
 * the scalar versions give the same bits as one lane, so a run is reproducible bit for bit.
 */
final class VectorMath {
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HIGH = 0.693145751953125f;      // ln 2 in two parts (Cody & Waite 1980): k · LN2_HIGH is exact
    private static final float LN2_LOW = 1.42860682030941723e-6f;
    private static final float ROUND = 12582912f;                  // 1.5 · 2²³: (t + ROUND) − ROUND rounds t to the nearest integer
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final float LOW = -87f;                         // e^x stays a normal float: k from −126 to 127
    private static final float HIGH = 88f;
    // e^r for |r| ≤ ½ ln 2 by its Taylor polynomial to degree 7 (remainder below 6e-9 relative)
    private static final float[] TAYLOR = {1f / 5040, 1f / 720, 1f / 120, 1f / 24, 1f / 6, 1f / 2, 1f, 1f};

    private VectorMath() {}

    /**
     * e^x = 2^k · e^r with k = round(x log₂e) and r = x − k ln 2, x clamped to [−87, 88] (beyond it σ and SiLU are
     * 0 or 1 and x to float precision).
     */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(LOW).min(HIGH);
        FloatVector shifted = c.mul(LOG2E).add(ROUND); // k sits in the low bits of the significand
        FloatVector k = shifted.sub(ROUND);
        FloatVector u = k.fma(x.broadcast(-LN2_HIGH), c);
        u = k.fma(x.broadcast(-LN2_LOW), u);
        FloatVector p = x.broadcast(TAYLOR[0]);
        for (int i = 1; i < TAYLOR.length; i++) p = p.fma(u, x.broadcast(TAYLOR[i]));
        // 2^k from those bits: ((bits − bits(ROUND)) + 127) << 23, without a float-to-int conversion (which C2 leaves to
        // a slow fallback on Java 17)
        IntVector bits = (IntVector) shifted.reinterpretAsInts();
        return p.mul(bits.sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }

    /** The same function for one value, bit for bit. */
    static float exp(float x) {
        float c = Math.min(Math.max(x, LOW), HIGH);
        float shifted = c * LOG2E + ROUND;
        float k = shifted - ROUND;
        float u = Math.fma(k, -LN2_HIGH, c);
        u = Math.fma(k, -LN2_LOW, u);
        float p = TAYLOR[0];
        for (int i = 1; i < TAYLOR.length; i++) p = Math.fma(p, u, TAYLOR[i]);
        return p * Float.intBitsToFloat((Float.floatToRawIntBits(shifted) - (ROUND_BITS - 127)) << 23);
    }

    /** σ(x) = 1/(1 + e^(−x)). */
    static FloatVector sigmoid(FloatVector x) {
        return x.broadcast(1f).div(exp(x.neg()).add(1f));
    }

    static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }
}
