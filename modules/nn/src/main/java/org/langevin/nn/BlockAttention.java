package org.langevin.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The two ops of attention on stacked per-sample blocks of {@code positions} rows, with their tangents: the block product
 * C_i = scale · A_i B_i(ᵀ) (bilinear: Ċ = ȦB + AḂ) and the row softmax P = softmax(S), whose Jacobian
 * J v = P ⊙ (v − rowsum(P ⊙ v)) is symmetric, so its backward step and tangent Ṗ = J Ṡ are one formula.
 */
final class BlockAttention {
    private BlockAttention() {}

    /** scale · A_i B_iᵀ ({@code transposeB}) or scale · A_i B_i for each sample's block of rows, with its tangent ȦB + AḂ. */
    static Tape.Node product(Tape tape, Tape.Node a, Tape.Node b, boolean transposeB, double scale, long positions) {
        Tape.Node out = plainProduct(tape, a, b, transposeB, scale, positions);
        // each term by the plain product: a tangent has no tangent of its own, and ȦḂ is second order
        Tape.Node left = a.tangent == null ? null : plainProduct(tape, a.tangent, b, transposeB, scale, positions);
        Tape.Node right = b.tangent == null ? null : plainProduct(tape, a, b.tangent, transposeB, scale, positions);
        out.tangent = Ops.sum(tape, left, right);
        return out;
    }

    private static Tape.Node plainProduct(Tape tape, Tape.Node a, Tape.Node b, boolean transposeB, double scale, long positions) {
        long samples = a.value.rows() / positions;
        INDArray c = Nd4j.createUninitialized(tape.type(), a.value.rows(), transposeB ? positions : b.value.columns());
        for (long i = 0; i < samples; i++) {
            Nd4j.gemm(block(a.value, i, positions), block(b.value, i, positions), block(c, i, positions), false, transposeB, scale, 0.0);
        }
        return tape.op(c, (g, grads) -> {
            INDArray ga = Nd4j.createUninitialized(tape.type(), a.value.shape());
            INDArray gb = Nd4j.createUninitialized(tape.type(), b.value.shape());
            for (long i = 0; i < samples; i++) {
                INDArray gi = block(g, i, positions);
                // ∂/∂A = scale · g B (or g Bᵀ); ∂/∂B = scale · gᵀ A (or Aᵀ g)
                Nd4j.gemm(gi, block(b.value, i, positions), block(ga, i, positions), false, !transposeB, scale, 0.0);
                if (transposeB) Nd4j.gemm(gi, block(a.value, i, positions), block(gb, i, positions), true, false, scale, 0.0);
                else Nd4j.gemm(block(a.value, i, positions), gi, block(gb, i, positions), true, false, scale, 0.0);
            }
            grads.add(a, ga);
            grads.add(b, gb);
        });
    }

    /** softmax along each row. */
    static Tape.Node softmax(Tape tape, Tape.Node s) {
        INDArray p = Nd4j.createUninitialized(tape.type(), s.value.shape());
        Nd4j.exec(new SoftMax(s.value, p, 1));
        Tape.Node out = tape.op(p, (g, grads) -> grads.add(s, jacobianTimes(p, g)));
        if (s.tangent != null) out.tangent = tangent(tape, out, s.tangent);
        return out;
    }

    /** P ⊙ (v − rowsum(P ⊙ v)). */
    private static INDArray jacobianTimes(INDArray p, INDArray v) {
        return v.subColumnVector(v.mul(p).sum(true, 1)).muli(p);
    }

    /** Ṗ = J Ṡ; in P its derivative is g ⊙ (Ṡ − rowsum(P ⊙ Ṡ)) − Ṡ ⊙ rowsum(g ⊙ P). */
    private static Tape.Node tangent(Tape tape, Tape.Node p, Tape.Node ds) {
        return tape.op(jacobianTimes(p.value, ds.value), (g, grads) -> {
            grads.add(ds, jacobianTimes(p.value, g));
            INDArray centred = ds.value.subColumnVector(ds.value.mul(p.value).sum(true, 1));
            grads.add(p, g.mul(centred).subi(ds.value.mulColumnVector(g.mul(p.value).sum(true, 1))));
        });
    }

    /** Rows [i·p, (i + 1)·p) of a stacked matrix: a contiguous view. */
    private static INDArray block(INDArray stacked, long i, long p) {
        return stacked.get(NDArrayIndex.interval(i * p, (i + 1) * p), NDArrayIndex.all());
    }
}
