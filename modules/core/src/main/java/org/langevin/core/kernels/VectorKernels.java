package org.langevin.core.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether the kernels written with Java's Vector API run: float data, ND4J's CPU backend (they address its native
 * buffers; the cuda build keeps ND4J ops), the incubating module jdk.incubator.vector loaded (./langevin and the tests
 * pass --add-modules), and -Dlangevin.kernels not set to "nd4j" (which forces the ND4J-op versions, for comparison).
 */
public final class VectorKernels {
    private static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu")
            && !"nd4j".equals(System.getProperty("langevin.kernels"));

    private VectorKernels() {}

    public static boolean enabledFor(DataType type) {
        return ENABLED && type == DataType.FLOAT;
    }

    /** Enabled for the array's type, and the array is row-major without gaps, as the kernels address it. */
    public static boolean enabledFor(INDArray a) {
        return enabledFor(a.dataType()) && rowMajor(a);
    }

    /**
     * Laid out row-major without gaps: each dimension's stride is the product of the later sizes (dimensions of size
     * one excepted). True of a row-major view at an offset, such as a layer's bias inside a flat parameter vector, for
     * which ND4J's own check says no.
     */
    public static boolean rowMajor(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }
}
