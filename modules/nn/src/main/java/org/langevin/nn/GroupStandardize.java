package org.langevin.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The standardization inside group norm (Wu & He 2018), on the tape: per sample and group of M values of a channels-first
 * array, x̂ = (x − μ)/σ with σ = √(var + ε). Its Jacobian J = P/σ, P v = v − mean v − x̂ mean(x̂ v), is symmetric, so the
 * backward step and the tangent ẋ̂ = J ẋ are one formula; the tangent's own derivative in x (for reverse over forward) is
 * −σ⁻² (mean(g ⊙ Pẋ) x̂ + mean(ẋ x̂) P g + mean(g x̂) P ẋ) for an incoming gradient g.
 */
final class GroupStandardize {
    private final INDArray normed;
    private final INDArray inverseStd;
    private final long rows;
    private final long[] shape;

    private GroupStandardize(INDArray x, int groups, double eps) {
        this.shape = x.shape();
        this.rows = shape[0] * groups;
        INDArray grouped = x.reshape('c', rows, x.length() / rows);
        this.normed = grouped.subColumnVector(grouped.mean(1).reshape(rows, 1));
        this.inverseStd = Transforms.pow(normed.mul(normed).mean(1).reshape(rows, 1).addi(eps), -0.5, false);
        normed.muliColumnVector(inverseStd);
    }

    /** x̂ of channels-first maps (n, C, ...) in {@code groups} groups of channels, with its tangent when x has one. */
    static Tape.Node apply(Tape tape, Tape.Node x, int groups, double eps) {
        GroupStandardize st = new GroupStandardize(x.value, groups, eps);
        Tape.Node y = tape.op(st.normed.reshape('c', st.shape), (g, grads) -> grads.add(x, st.jacobianTimes(g)));
        if (x.tangent != null) y.tangent = st.tangent(tape, x);
        return y;
    }

    /** J v = P v / σ per group, in the maps' shape. */
    private INDArray jacobianTimes(INDArray v) {
        return project(grouped(v)).muliColumnVector(inverseStd).reshape('c', shape);
    }

    /** P v = v − mean v − x̂ mean(x̂ v) per group row. */
    private INDArray project(INDArray v) {
        INDArray meanV = v.mean(1).reshape(rows, 1);
        INDArray meanVx = v.mul(normed).mean(1).reshape(rows, 1);
        return v.subColumnVector(meanV).subi(normed.mulColumnVector(meanVx));
    }

    private INDArray grouped(INDArray v) {
        return v.reshape('c', rows, v.length() / rows);
    }

    /** ẋ̂ = J ẋ, differentiated in ẋ (by J, symmetric) and in x (the second-order term above). */
    private Tape.Node tangent(Tape tape, Tape.Node x) {
        Tape.Node dx = x.tangent;
        return tape.op(jacobianTimes(dx.value), (g, grads) -> {
            INDArray gg = grouped(g);
            INDArray a = grouped(dx.value);
            INDArray pa = project(a);
            INDArray pg = project(gg);
            grads.add(dx, pg.mulColumnVector(inverseStd).reshape('c', shape)); // J g, J symmetric
            INDArray inverseVariance = inverseStd.mul(inverseStd);
            INDArray gx = normed.mulColumnVector(gg.mul(pa).mean(1).reshape(rows, 1))
                    .addi(pg.muliColumnVector(a.mul(normed).mean(1).reshape(rows, 1)))
                    .addi(pa.muliColumnVector(gg.mul(normed).mean(1).reshape(rows, 1)))
                    .muliColumnVector(inverseVariance).negi();
            grads.add(x, gx.reshape('c', shape));
        });
    }
}
