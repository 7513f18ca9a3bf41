package org.langevin.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.langevin.core.ComputeThreads;
import org.langevin.core.kernels.NativeFloats;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SiLU as Vector API kernels on ND4J's float buffers: the bias add with φ(z) = z σ(z) and σ(z); φ'(z) = σ(1 + z(1 − σ));
 * and the backward step up ⊙ φ'(z). They replace three to five ND4J element-wise ops (and a rank-one GEMM for the bias).
 * Each works through chunks of whole rows, copied to Java arrays small enough for the L1 cache, with one flat vector loop
 * per chunk (short per-row loops compiled two to three times slower); the chunks of a large array are split over the compute threads.
 * Element-wise, so the bits do not depend on the thread count. Checked against {@link Activation#SILU}'s ND4J-op version.
 */
final class SiluKernel {
    private static final VectorSpecies<Float> S = NativeFloats.SPECIES;
    private static final int CHUNK = 1024;
    /** Arrays smaller than this stay on the calling thread: at 512 × 128 a second thread cost more than it saved (1.4× slower). */
    private static final long SPLIT_FROM = 1 << 18;

    private SiluKernel() {}

    /** φ(z) and σ(z) for a row-major float array. */
    static Activation.Evaluation evaluate(INDArray z) {
        return pass(z, null, (int) Math.min(CHUNK, Math.max(1, z.length())), true);
    }

    /** z ← z + 1 bᵀ in place, then φ(z) and σ(z), for a row-major float n × m array z and a 1 × m bias b. */
    static Activation.Evaluation evaluateShifted(INDArray z, INDArray bias) {
        return pass(z, bias.toFloatVector(), (int) z.size(1), true);
    }

    /** As {@link #evaluateShifted}, for inference: φ(z + b) alone; z is scratch (z + b not written back), σ not kept. */
    static INDArray valueShifted(INDArray z, INDArray bias) {
        return pass(z, bias.toFloatVector(), (int) z.size(1), false).value();
    }

    /**
     * Over rows of {@code cols} elements (the last may be shorter): add the bias row (if any), in place when σ is kept
     * for a backward pass, then φ and (when kept) σ.
     */
    private static Activation.Evaluation pass(INDArray z, float[] bias, int cols, boolean keepSigmoid) {
        INDArray value = Nd4j.createUninitialized(z.dataType(), z.shape());
        INDArray sigmoid = keepSigmoid ? Nd4j.createUninitialized(z.dataType(), z.shape()) : null;
        NativeFloats in = NativeFloats.of(z);
        NativeFloats v = NativeFloats.of(value);
        NativeFloats s = keepSigmoid ? NativeFloats.of(sigmoid) : null;
        int chunk = Math.max(1, CHUNK / cols) * cols;
        long n = z.length();
        split((int) ((n + chunk - 1) / chunk), n, (first, end) -> {
            float[] zs = new float[chunk];
            float[] values = new float[chunk];
            float[] sigmoids = keepSigmoid ? new float[chunk] : null;
            for (long from = (long) first * chunk; from < Math.min(n, (long) end * chunk); from += chunk) {
                int length = (int) Math.min(chunk, n - from);
                in.get(from, zs, 0, length);
                if (bias != null) {
                    addRows(zs, bias, length, cols);
                    if (keepSigmoid) in.put(from, zs, 0, length); // the backward pass reads z + b
                }
                if (keepSigmoid) {
                    silu(zs, values, sigmoids, length);
                    s.put(from, sigmoids, 0, length);
                } else {
                    silu(zs, values, length);
                }
                v.put(from, values, 0, length);
            }
        });
        return new Activation.Evaluation(value, sigmoid);
    }

    /** The chunks over the compute threads when the array is large enough to pay for a second thread, else here. */
    private static void split(int chunks, long elements, ComputeThreads.Range body) {
        if (elements < SPLIT_FROM) body.run(0, chunks);
        else ComputeThreads.forRanges(chunks, body);
    }

    /** z ← z + b on each row of {@code cols} elements of the first {@code length}. */
    private static void addRows(float[] zs, float[] bias, int length, int cols) {
        for (int start = 0; start < length; start += cols) {
            int end = Math.min(start + cols, length);
            int j = start;
            for (; j + S.length() <= end; j += S.length()) {
                FloatVector.fromArray(S, zs, j).add(FloatVector.fromArray(S, bias, j - start)).intoArray(zs, j);
            }
            for (; j < end; j++) zs[j] += bias[j - start];
        }
    }

    /** φ(z) and σ(z) of the first {@code length} elements. */
    private static void silu(float[] zs, float[] values, float[] sigmoids, int length) {
        int i = 0;
        for (int bound = S.loopBound(length); i < bound; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, zs, i);
            FloatVector sig = VectorMath.sigmoid(x);
            sig.intoArray(sigmoids, i);
            x.mul(sig).intoArray(values, i);
        }
        for (; i < length; i++) {
            sigmoids[i] = VectorMath.sigmoid(zs[i]);
            values[i] = zs[i] * sigmoids[i];
        }
    }

    /** φ(z) alone of the first {@code length} elements. */
    private static void silu(float[] zs, float[] values, int length) {
        int i = 0;
        for (int bound = S.loopBound(length); i < bound; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, zs, i);
            x.mul(VectorMath.sigmoid(x)).intoArray(values, i);
        }
        for (; i < length; i++) values[i] = zs[i] * VectorMath.sigmoid(zs[i]);
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
        long n = z.length();
        split((int) ((n + CHUNK - 1) / CHUNK), n, (first, end) -> {
            float[] ups = u == null ? null : new float[CHUNK];
            float[] zs = new float[CHUNK];
            float[] sigmoids = new float[CHUNK];
            float[] results = new float[CHUNK];
            for (long from = (long) first * CHUNK; from < Math.min(n, (long) end * CHUNK); from += CHUNK) {
                int length = (int) Math.min(CHUNK, n - from);
                in.get(from, zs, 0, length);
                s.get(from, sigmoids, 0, length);
                slope(zs, sigmoids, results, length);
                if (u != null) {
                    u.get(from, ups, 0, length);
                    multiply(ups, results, length);
                }
                d.put(from, results, 0, length);
            }
        });
        return out;
    }

    /** φ'(z) = σ (1 + z (1 − σ)) of the first {@code length} elements. */
    private static void slope(float[] zs, float[] sigmoids, float[] results, int length) {
        int i = 0;
        for (int bound = S.loopBound(length); i < bound; i += S.length()) {
            FloatVector sig = FloatVector.fromArray(S, sigmoids, i);
            sig.mul(FloatVector.fromArray(S, zs, i).mul(sig.neg().add(1f)).add(1f)).intoArray(results, i);
        }
        for (; i < length; i++) results[i] = sigmoids[i] * (zs[i] * (1 - sigmoids[i]) + 1);
    }

    /** results ← ups ⊙ results over the first {@code length} elements. */
    private static void multiply(float[] ups, float[] results, int length) {
        int i = 0;
        for (int bound = S.loopBound(length); i < bound; i += S.length()) {
            FloatVector.fromArray(S, ups, i).mul(FloatVector.fromArray(S, results, i)).intoArray(results, i);
        }
        for (; i < length; i++) results[i] = ups[i] * results[i];
    }
}
