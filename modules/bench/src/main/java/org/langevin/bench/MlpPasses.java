package org.langevin.bench;

import java.util.concurrent.TimeUnit;
import org.langevin.core.RandomStreams;
import org.langevin.core.Workspaces;
import org.langevin.nn.FourierMlp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The MLP of WORKLOADS.md (2-D data with a 2-feature Fourier time embedding → 128 → 128 → 128 → 2, SiLU, float32)
 * through Langevin's passes on the tape, each inside a reused workspace as in training: the forward pass, and the
 * forward pass with the backward pass to the parameter gradient (a training step without the loss and Adam).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0",
        "-Dorg.bytedeco.javacpp.platform.extension=-onednn"})
public class MlpPasses {
    @Param({"512"})
    public int batch;

    private FourierMlp network;
    private INDArray parameters;
    private INDArray x;
    private INDArray t;
    private INDArray outputGradient;

    @Setup
    public void setup() {
        RandomStreams streams = new RandomStreams(0);
        network = new FourierMlp(2, new int[] {128, 128, 128}, 2, 16.0, DataType.FLOAT, streams.get("bench/init"));
        parameters = network.initialParameters(streams.get("bench/init"));
        x = streams.get("bench/x").normal(DataType.FLOAT, batch, 2);
        t = streams.get("bench/t").uniform(DataType.FLOAT, 0.0, 1.0, batch, 1);
        outputGradient = streams.get("bench/g").normal(DataType.FLOAT, batch, 2);
    }

    @Benchmark
    public double forward() {
        try (var ws = Workspaces.loop("bench-forward")) {
            return network.forward(parameters, x, t).output().getDouble(0);
        }
    }

    @Benchmark
    public double forwardBackward() {
        try (var ws = Workspaces.loop("bench-backward")) {
            return network.forward(parameters, x, t).parameterGradient(outputGradient).getDouble(0);
        }
    }
}
