package org.langevin.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.langevin.core.kernels.NativeFloats;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SiLU as Vector API kernels on ND4J's float buffers, each one pass over chunks of whole rows copied to Java arrays:
 * the bias add with φ(z) = z σ(z) and σ(z); φ'(z) = σ(1 + z(1 − σ)); and the backward step up ⊙ φ'(z). They replace
 * three to five ND4J element-wise ops (and a rank-one GEMM for the bias). Checked against {@link Activation#SILU}'s ND4J-op version.
 */
final class SiluKernel {
    private static final VectorSpecies<Float> S = NativeFloats.SPECIES;
    private static final int CHUNK = 4096;

    private SiluKernel() {}

    /** φ(z) and σ(z) for a row-major float array. */
    static Activation.Evaluation evaluate(INDArray z) {
        return pass(z, null, (int) Math.min(CHUNK, Math.max(1, z.length())), true);
    }

    /** z ← z + 1 bᵀ in place, then φ(z) and σ(z), for a row-major float n × m array z and a 1 × m bias b. */
    static Activation.Evaluation evaluateShifted(INDArray z, INDArray bias) {
        return pass(z, bias.toFloatVector(), (int) z.size(1), true);
    }

    /** As {@link #evaluateShifted}, for inference: φ(z + b) alone, σ neither kept nor written. */
    static INDArray valueShifted(INDArray z, INDArray bias) {
        return pass(z, bias.toFloatVector(), (int) z.size(1), false).value();
    }

    /** Over rows of {@code cols} elements (the last may be shorter): add the bias row (if any) in place, then φ and (when kept) σ. */
    private static Activation.Evaluation pass(INDArray z, float[] bias, int cols, boolean keepSigmoid) {
        INDArray value = Nd4j.createUninitialized(z.dataType(), z.shape());
        INDArray sigmoid = keepSigmoid ? Nd4j.createUninitialized(z.dataType(), z.shape()) : null;
        NativeFloats in = NativeFloats.of(z);
        NativeFloats v = NativeFloats.of(value);
        NativeFloats s = keepSigmoid ? NativeFloats.of(sigmoid) : null;
        int chunk = Math.max(1, CHUNK / cols) * cols;
        float[] zs = new float[chunk];
        float[] values = new float[chunk];
        float[] sigmoids = new float[chunk];
        long n = z.length();
        for (long from = 0; from < n; from += chunk) {
            int length = (int) Math.min(chunk, n - from);
            in.get(from, zs, 0, length);
            for (int start = 0; start < length; start += cols) {
                int end = Math.min(start + cols, length);
                int i = start;
                if (bias != null) {
                    // the add in its own loop: a vector reassigned under a condition defeats C2's box elimination
                    for (int j = start; j + S.length() <= end; j += S.length()) {
                        FloatVector.fromArray(S, zs, j).add(FloatVector.fromArray(S, bias, j - start)).intoArray(zs, j);
                    }
                    for (int j = start + (end - start) / S.length() * S.length(); j < end; j++) zs[j] += bias[j - start];
                }
                for (; i + S.length() <= end; i += S.length()) {
                    FloatVector x = FloatVector.fromArray(S, zs, i);
                    FloatVector sig = VectorMath.sigmoid(x);
                    sig.intoArray(sigmoids, i);
                    x.mul(sig).intoArray(values, i);
                }
                for (; i < end; i++) {
                    sigmoids[i] = VectorMath.sigmoid(zs[i]);
                    values[i] = zs[i] * sigmoids[i];
                }
            }
            if (bias != null) in.put(from, zs, 0, length);
            if (s != null) s.put(from, sigmoids, 0, length);
            v.put(from, values, 0, length);
        }
        return new Activation.Evaluation(value, sigmoid);
    }

    /** φ'(z) = σ (1 + z (1 − σ)) from z and σ(z). */
    static INDArray derivative(INDArray z, INDArray sigmoid) {
        return backward(null, z, sigmoid);
    }

    /** up ⊙ φ'(z), φ'(z) = σ (1 + z (1 − σ)), from z and σ(z); φ'(z) alone when up is null. A new array. */
    static INDArray backward(INDArray up, INDArray z, INDArray sigmoid) {
        INDArray out = Nd4j.createUninitialized(z.dataType(), z.shape());
        NativeFloats u = up == null ? null : NativeFloats.of(up);
        NativeFloats in = NativeFloats.of(z);
        NativeFloats s = NativeFloats.of(sigmoid);
        NativeFloats d = NativeFloats.of(out);
        float[] ups = new float[CHUNK];
        float[] zs = new float[CHUNK];
        float[] sigmoids = new float[CHUNK];
        float[] results = new float[CHUNK];
        long n = z.length();
        for (long from = 0; from < n; from += CHUNK) {
            int length = (int) Math.min(CHUNK, n - from);
            in.get(from, zs, 0, length);
            s.get(from, sigmoids, 0, length);
            if (u != null) u.get(from, ups, 0, length);
            int i = 0;
            for (; i + S.length() <= length; i += S.length()) {
                FloatVector sig = FloatVector.fromArray(S, sigmoids, i);
                sig.mul(FloatVector.fromArray(S, zs, i).mul(sig.neg().add(1f)).add(1f)).intoArray(results, i);
            }
            if (u != null) {
                for (int j = 0; j + S.length() <= length; j += S.length()) {
                    FloatVector.fromArray(S, ups, j).mul(FloatVector.fromArray(S, results, j)).intoArray(results, j);
                }
            }
            for (; i < length; i++) {
                float slope = sigmoids[i] * (zs[i] * (1 - sigmoids[i]) + 1);
                results[i] = u == null ? slope : ups[i] * slope;
            }
            d.put(from, results, 0, length);
        }
        return out;
    }
}
