package org.langevin.bench;

import java.util.concurrent.TimeUnit;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ND4J kernels a DSM training step of WORKLOADS.md's MLP is made of, at its shapes (a batch of 512 through
 * 128-wide float32 layers), each writing into a preallocated output: what one op costs, without Langevin around it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0",
        "-Dorg.bytedeco.javacpp.platform.extension=-onednn"})
public class NdKernels {
    private INDArray activations; // 512 × 128
    private INDArray delta;       // 512 × 128
    private INDArray weight;      // 128 × 128
    private INDArray ones;        // 512 × 1
    private INDArray out;         // 512 × 128
    private INDArray square;      // 128 × 128
    private INDArray row;         // 1 × 128

    @Setup
    public void setup() {
        RandomStreams streams = new RandomStreams(0);
        activations = streams.get("bench/h").normal(DataType.FLOAT, 512, 128);
        delta = streams.get("bench/delta").normal(DataType.FLOAT, 512, 128);
        weight = streams.get("bench/w").normal(DataType.FLOAT, 128, 128).muli(0.1);
        ones = Nd4j.ones(DataType.FLOAT, 512, 1);
        out = Nd4j.create(DataType.FLOAT, 512, 128);
        square = Nd4j.create(DataType.FLOAT, 128, 128);
        row = Nd4j.create(DataType.FLOAT, 1, 128);
    }

    /** z = h W: a hidden layer's forward product. */
    @Benchmark
    public INDArray gemm() {
        return Nd4j.gemm(activations, weight, out, false, false, 1.0, 0.0);
    }

    /** ∂L/∂W = hᵀ δ: a layer's weight gradient. */
    @Benchmark
    public INDArray gemmTransposedA() {
        return Nd4j.gemm(activations, delta, square, true, false, 1.0, 0.0);
    }

    /** ∂L/∂b = 1ᵀ δ: a layer's bias gradient, as a product with a ones column. */
    @Benchmark
    public INDArray columnSums() {
        return Nd4j.gemm(ones, delta, row, true, false, 1.0, 0.0);
    }

    /** σ(z), the transcendental part of SiLU. */
    @Benchmark
    public INDArray sigmoid() {
        return Nd4j.getExecutioner().exec(new Sigmoid(activations, out));
    }

    /** eᶻ, for comparison with σ. */
    @Benchmark
    public INDArray exp() {
        return Nd4j.getExecutioner().exec(new Exp(activations, out));
    }

    /** An element-wise product, the cheapest kind of op: mostly dispatch and memory traffic. */
    @Benchmark
    public INDArray multiply() {
        return activations.mul(delta, out);
    }
}
