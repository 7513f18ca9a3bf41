package org.langevin.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.langevin.core.ComputeThreads;
import org.langevin.core.RandomStreams;
import org.langevin.core.kernels.ColumnSums;
import org.langevin.core.kernels.NativeFloats;
import org.langevin.core.kernels.VectorKernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Vector API kernels against their ND4J-op versions (themselves checked against finite differences in double
 * precision by UNetTest and FourierMlpTest), in float: the fused group norm + SiLU (forward values, input, scale and
 * shift gradients) and SiLU with its derivative; and their exponential against Math.exp, vector lanes bit for bit equal
 * to the scalar version.
 */
class VectorKernelTest {
    private final RandomStreams streams = new RandomStreams(5);

    @Test
    void vectorKernelRuns() {
        assertThat(VectorKernels.enabledFor(DataType.FLOAT)).as("run the tests with --add-modules jdk.incubator.vector").isTrue();
        assertThat(VectorKernels.enabledFor(DataType.DOUBLE)).isFalse();
    }

    @Test
    void fusedKernelMatchesNd4jOps() {
        // n, H, W, C, groups: channel counts the fused kernel takes (multiples of the vector width), one to sixteen
        // channels per group, with and without SiLU
        int[][] shapes = {{3, 5, 5, 16, 4}, {2, 28, 28, 32, 8}, {4, 7, 3, 48, 3}, {2, 4, 4, 16, 16}, {3, 6, 2, 64, 2}};
        for (int[] sh : shapes) {
            assertThat(FusedGroupNormSilu.Shape.supports(sh[3])).as("the fused kernel takes %d channels", sh[3]).isTrue();
            for (boolean silu : new boolean[] {true, false}) {
                compare(sh[0], sh[1], sh[2], sh[3], sh[4], silu);
            }
        }
    }

    private void compare(int n, int h, int w, int c, int groups, boolean silu) {
        Tape.Layout layout = new Tape.Layout();
        GroupNorm fused = new GroupNorm(layout, c, groups, silu, true);
        Tape.Layout same = new Tape.Layout();
        GroupNorm plain = new GroupNorm(same, c, groups, silu, false);
        // scale and shift away from 1 and 0, inputs with an offset and a spread that differ by group
        INDArray params = streams.get("p").normal(DataType.FLOAT, layout.count()).muli(0.5).addi(0.7);
        INDArray x = streams.get("x").normal(DataType.FLOAT, n, h, w, c).muli(3).addi(1.5);
        INDArray g = streams.get("g").normal(DataType.FLOAT, n, h, w, c);
        Result a = run(fused, params, x, g);
        Result b = run(plain, params, x, g);
        String where = n + "×" + h + "×" + w + "×" + c + "/" + groups + (silu ? " silu" : "");
        assertClose(a.out, b.out, where + " forward");
        assertClose(a.dx, b.dx, where + " input gradient");
        assertClose(a.dParams, b.dParams, where + " scale and shift gradients");
    }

    @Test
    void fusedKernelGivesTheSameFloatsOnEveryThreadCount() {
        Tape.Layout layout = new Tape.Layout();
        GroupNorm fused = new GroupNorm(layout, 32, 8, true, true);
        INDArray params = streams.get("p").normal(DataType.FLOAT, layout.count()).muli(0.5).addi(0.7);
        INDArray x = streams.get("x").normal(DataType.FLOAT, 7, 6, 5, 32).muli(3).addi(1.5);
        INDArray g = streams.get("g").normal(DataType.FLOAT, 7, 6, 5, 32);
        int before = ComputeThreads.current();
        try {
            ComputeThreads.use(1);
            Result one = run(fused, params, x, g);
            for (int threads : new int[] {2, 3, 8}) { // 7 samples: uneven ranges, and more threads than samples
                ComputeThreads.use(threads);
                Result many = run(fused, params, x, g);
                assertThat(many.out.data().asFloat()).as("forward, %d threads", threads).containsExactly(one.out.data().asFloat());
                assertThat(many.dx.data().asFloat()).as("input gradient, %d threads", threads).containsExactly(one.dx.data().asFloat());
                assertThat(many.dParams.data().asFloat()).as("scale and shift gradients, %d threads", threads)
                        .containsExactly(one.dParams.data().asFloat());
            }
        } finally {
            ComputeThreads.use(before);
        }
    }

    @Test
    void exponentialIsAccurateAndTheSameInEveryLane() {
        float[] x = new float[NativeFloats.SPECIES.length() * 64];
        for (int i = 0; i < x.length; i++) x[i] = -90f + 180f * i / (x.length - 1);
        for (int i = 0; i + NativeFloats.SPECIES.length() <= x.length; i += NativeFloats.SPECIES.length()) {
            float[] lanes = VectorMath.exp(jdk.incubator.vector.FloatVector.fromArray(NativeFloats.SPECIES, x, i)).toArray();
            for (int j = 0; j < lanes.length; j++) {
                float scalar = VectorMath.exp(x[i + j]);
                assertThat(Float.floatToIntBits(lanes[j])).as("lane %d at %s", j, x[i + j]).isEqualTo(Float.floatToIntBits(scalar));
                double exact = Math.exp(x[i + j]);
                if (x[i + j] > -87 && x[i + j] < 88) assertThat(Math.abs(scalar - exact) / exact).as("e^%s", x[i + j]).isLessThan(3e-7);
            }
        }
    }

    @Test
    void siluKernelMatchesNd4jOps() {
        INDArray z = streams.get("z").normal(DataType.FLOAT, 37, 129).muli(4);
        Activation.Evaluation kernel = SiluKernel.evaluate(z);
        INDArray sigmoid = Transforms.sigmoid(z, true);
        assertClose(kernel.memo(), sigmoid, "σ(z)");
        assertClose(kernel.value(), z.mul(sigmoid), "z σ(z)");
        assertClose(SiluKernel.derivative(z, sigmoid), sigmoid.rsub(1.0).muli(z).addi(1.0).muli(sigmoid), "σ (1 + z (1 − σ))");
    }

    /** The kernels' layout check: a layer's bias inside the flat parameters is row-major; a column slice or a transpose is not. */
    @Test
    void rowMajorViewsAreRecognisedAndStridedOnesRefused() {
        INDArray flat = Nd4j.create(DataType.FLOAT, 4 * 8 + 8 + 8 * 3 + 3);
        for (DenseWeights layer : DenseWeights.views(flat, new int[] {4, 8, 3})) {
            assertThat(VectorKernels.rowMajor(layer.bias())).as("bias at offset %d", layer.bias().offset()).isTrue();
            assertThat(VectorKernels.rowMajor(layer.weight())).isTrue();
        }
        INDArray m = Nd4j.create(DataType.FLOAT, 5, 6);
        assertThat(VectorKernels.rowMajor(m)).isTrue();
        assertThat(VectorKernels.rowMajor(m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)))).isFalse();
        assertThat(VectorKernels.rowMajor(m.transpose())).isFalse();
        assertThat(VectorKernels.rowMajor(m.getRow(2))).isTrue();
    }

    /** The dense layer's kernels (bias add with SiLU, the backward step, the bias gradient) at widths with and without a vector tail. */
    @Test
    void denseLayerKernelsMatchNd4jOps() {
        for (int cols : new int[] {1, 17, 128, 131}) {
            INDArray z = streams.get("z" + cols).normal(DataType.FLOAT, 37, cols).muli(4);
            INDArray bias = streams.get("b" + cols).normal(DataType.FLOAT, 1, cols);
            INDArray up = streams.get("u" + cols).normal(DataType.FLOAT, 37, cols);
            INDArray shifted = z.addRowVector(bias);
            Activation.Evaluation kernel = SiluKernel.evaluateShifted(z, bias);
            INDArray sigmoid = Transforms.sigmoid(shifted, true);
            assertThat(z.data().asFloat()).as("z + b in place, width %d", cols).containsExactly(shifted.data().asFloat());
            assertClose(kernel.memo(), sigmoid, "σ(z + b), width " + cols);
            assertClose(kernel.value(), shifted.mul(sigmoid), "φ(z + b), width " + cols);
            INDArray slope = sigmoid.rsub(1.0).muli(shifted).addi(1.0).muli(sigmoid);
            assertClose(SiluKernel.backward(up, shifted, sigmoid), up.mul(slope), "up ⊙ φ'(z), width " + cols);
            INDArray flat = Nd4j.zeros(DataType.FLOAT, cols + 2);
            INDArray view = flat.get(NDArrayIndex.interval(1, cols + 1)).reshape('c', 1, cols);
            ColumnSums.into(up, view);
            assertClose(view, up.sum(true, 0), "column sums, width " + cols);
            assertThat(flat.getFloat(0) == 0 && flat.getFloat(cols + 1) == 0).as("nothing written outside the view").isTrue();
        }
    }

    /** The SiLU kernels split their chunks over the compute threads: the same floats at every count, inference's value included. */
    @Test
    void siluKernelsGiveTheSameFloatsOnEveryThreadCount() {
        INDArray z = streams.get("z").normal(DataType.FLOAT, 2003, 131).muli(4); // above the size that is split over threads
        INDArray bias = streams.get("b").normal(DataType.FLOAT, 1, 131);
        INDArray up = streams.get("u").normal(DataType.FLOAT, 2003, 131);
        int before = ComputeThreads.current();
        try {
            ComputeThreads.use(1);
            INDArray shifted = z.dup();
            Activation.Evaluation one = SiluKernel.evaluateShifted(shifted, bias);
            INDArray backOne = SiluKernel.backward(up, shifted, one.memo());
            assertThat(SiluKernel.valueShifted(z.dup(), bias).data().asFloat()).as("inference's value").containsExactly(one.value().data().asFloat());
            for (int threads : new int[] {2, 3, 8}) {
                ComputeThreads.use(threads);
                INDArray again = z.dup();
                Activation.Evaluation many = SiluKernel.evaluateShifted(again, bias);
                assertThat(again.data().asFloat()).as("z + b, %d threads", threads).containsExactly(shifted.data().asFloat());
                assertThat(many.value().data().asFloat()).as("φ, %d threads", threads).containsExactly(one.value().data().asFloat());
                assertThat(many.memo().data().asFloat()).as("σ, %d threads", threads).containsExactly(one.memo().data().asFloat());
                assertThat(SiluKernel.valueShifted(z.dup(), bias).data().asFloat()).as("inference, %d threads", threads)
                        .containsExactly(one.value().data().asFloat());
                assertThat(SiluKernel.backward(up, shifted, many.memo()).data().asFloat()).as("up ⊙ φ', %d threads", threads)
                        .containsExactly(backOne.data().asFloat());
            }
        } finally {
            ComputeThreads.use(before);
        }
    }

    private record Result(INDArray out, INDArray dx, INDArray dParams) {}

    private static Result run(GroupNorm norm, INDArray params, INDArray x, INDArray g) {
        Tape tape = new Tape(params);
        Tape.Node in = tape.input(x);
        Tape.Node out = norm.apply(tape, in);
        Tape.Gradients grads = tape.backward(out, g, true);
        return new Result(out.value.dup(), grads.of(in).dup(), grads.parameters().dup());
    }

    /** Float tolerance relative to the array's scale. */
    private static void assertClose(INDArray actual, INDArray expected, String what) {
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        double err = actual.sub(expected).amaxNumber().doubleValue();
        assertThat(err).as(what + ": max |difference| against scale " + scale).isLessThan(2e-5 * scale * Math.sqrt(expected.length() / 1000.0 + 1));
    }
}
