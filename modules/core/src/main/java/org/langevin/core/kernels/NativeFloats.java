package org.langevin.core.kernels;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The native memory of a row-major float ND4J array (CPU backend), addressed by element index, for the Vector API
 * kernels: no copy, the kernels read and write ND4J's buffers in place. The buffers ND4J hands out do not keep the array
 * alive, and its native memory is freed when the array is collected, so every access ends with a reachability fence on
 * the array: without it, an array the caller no longer uses could be freed while it is read.
 */
public record NativeFloats(ByteBuffer bytes, FloatBuffer floats, long base, INDArray owner) {
    public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** The array's memory; it must be row-major without gaps (a fresh array, or a row-major view of one). */
    public static NativeFloats of(INDArray a) {
        ByteBuffer bytes = a.data().asNio().order(ORDER);
        return new NativeFloats(bytes, bytes.asFloatBuffer(), a.offset() * Float.BYTES, a);
    }

    private int at(long i) {
        return (int) (base + i * Float.BYTES);
    }

    public float get(long i) {
        float value = bytes.getFloat(at(i));
        Reference.reachabilityFence(owner);
        return value;
    }

    public FloatVector load(long i) {
        FloatVector value = FloatVector.fromByteBuffer(SPECIES, bytes, at(i), ORDER);
        Reference.reachabilityFence(owner);
        return value;
    }


    /** Copies {@code length} elements from i into a Java array (a memory move, faster than vector loads from the buffer). */
    public void get(long i, float[] to, int offset, int length) {
        floats.get((int) (base / Float.BYTES + i), to, offset, length);
        Reference.reachabilityFence(owner);
    }

    /**
     * Copies {@code length} values from a Java array to elements from i. Kernels write through this bulk copy (a memory
     * move) rather than vector stores into the buffer, which Java 17 compiles far more slowly than loads.
     */
    public void put(long i, float[] from, int offset, int length) {
        floats.put((int) (base / Float.BYTES + i), from, offset, length);
        Reference.reachabilityFence(owner);
    }
}
