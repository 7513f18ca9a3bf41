package org.langevin.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A kH × kW convolution of NHWC feature maps with stride s and TensorFlow's "SAME" padding (output ⌈H/s⌉ × ⌈W/s⌉),
 * weights (kH, kW, in, out) normal with std 1/√(kH kW in) (zero for an output layer) and a bias. Forward and backward
 * are ND4J's conv2d and conv2d_bp ops, which the CPU build runs with oneDNN and the cuda build with cuDNN. Channels last:
 * oneDNN's kernels read NHWC without reordering it, which made the forward pass up to twice as fast as on NCHW.
 */
final class Conv {
    private final Tape.Param weight;
    private final Tape.Param bias;
    private final int out;
    private final int kH;
    private final int kW;
    private final int stride;

    Conv(Tape.Layout layout, int in, int out, int kH, int kW, int stride, boolean zero) {
        this.weight = layout.add(zero ? 0 : 1 / Math.sqrt((double) kH * kW * in), 0, kH, kW, in, out);
        this.bias = layout.add(0, 0, out);
        this.out = out;
        this.kH = kH;
        this.kW = kW;
        this.stride = stride;
    }

    /** A square kernel. */
    Conv(Tape.Layout layout, int in, int out, int kernel, int stride, boolean zero) {
        this(layout, in, out, kernel, kernel, stride, zero);
    }

    /** The convolution with its bias, and the tangent: the same convolution of ẋ without it. */
    Tape.Node apply(Tape tape, Tape.Node x) {
        Tape.Node y = convolve(tape, x, true);
        if (x.tangent != null) y.tangent = convolve(tape, x.tangent, false);
        return y;
    }

    private Tape.Node convolve(Tape tape, Tape.Node x, boolean withBias) {
        INDArray input = x.value;
        INDArray w = tape.weight(weight);
        INDArray b = withBias ? tape.weight(bias) : Nd4j.zeros(tape.type(), out);
        long[] s = input.shape();
        INDArray y = Nd4j.createUninitialized(tape.type(), s[0], (s[1] + stride - 1) / stride, (s[2] + stride - 1) / stride, out);
        Nd4j.exec(op("conv2d").addInputs(input, w, b).addOutputs(y).build());
        return tape.op(y, (g, grads) -> {
            INDArray gx = Nd4j.createUninitialized(tape.type(), s);
            INDArray gw = Nd4j.createUninitialized(tape.type(), w.shape());
            INDArray gb = Nd4j.createUninitialized(tape.type(), out);
            Nd4j.exec(op("conv2d_bp").addInputs(input, w, b, g).addOutputs(gx, gw, gb).build());
            if (grads.wantsParameters()) {
                grads.weight(weight).addi(gw);
                if (withBias) grads.weight(bias).addi(gb);
            }
            grads.add(x, gx);
        });
    }

    /** Integer arguments: kernel, stride, padding (unused in SAME mode), dilation, SAME mode, NHWC, weights (kH, kW, in, out). */
    private DynamicCustomOp.DynamicCustomOpsBuilder op(String name) {
        return DynamicCustomOp.builder(name).addIntegerArguments(kH, kW, stride, stride, 0, 0, 1, 1, 1, 1, 0);
    }
}
