package org.langevin.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's forward pass recorded on a {@link Tape}, seen from the caller's rows: its output, the tangent it carried,
 * and the reverse passes from both (parameter gradients, vector–Jacobian products, reverse over forward).
 */
final class TapePass implements ScoreNetwork.TangentPass {
    /** Between the caller's rows (n × ·) and the network's own arrays. */
    interface Layout {
        /** An output-shaped row gradient as the network's array. */
        INDArray toNetwork(INDArray rows);

        /** A network array of n samples as rows. */
        INDArray toRows(INDArray values, long n);

        /** The rows of the data input's gradient (a new array), from the input node's gradient. */
        INDArray inputRows(INDArray gradient, long n);
    }

    private final Tape tape;
    private final Tape.Node in;
    private final Tape.Node out;
    private final Layout layout;
    private final long n;
    private final INDArray rows;
    private INDArray tangentRows;

    TapePass(Tape tape, Tape.Node in, Tape.Node out, Layout layout, long n) {
        this.tape = tape;
        this.in = in;
        this.out = out;
        this.layout = layout;
        this.n = n;
        this.rows = layout.toRows(out.value, n);
    }

    @Override
    public INDArray output() {
        return rows;
    }

    @Override
    public INDArray outputTangent() {
        if (out.tangent == null) throw new IllegalStateException("this pass carries no tangent");
        if (tangentRows == null) tangentRows = layout.toRows(out.tangent.value, n);
        return tangentRows;
    }

    @Override
    public INDArray parameterGradient(INDArray outputGradient) {
        return parameterGradient(outputGradient, null);
    }

    @Override
    public INDArray parameterGradient(INDArray outputGradient, INDArray tangentGradient) {
        return tape.backward(out, network(outputGradient), network(tangentGradient), true).parameters();
    }

    @Override
    public INDArray inputGradient(INDArray v) {
        return inputGradient(v, null);
    }

    @Override
    public INDArray inputGradient(INDArray outputGradient, INDArray tangentGradient) {
        return layout.inputRows(tape.backward(out, network(outputGradient), network(tangentGradient), false).of(in), n);
    }

    private INDArray network(INDArray rowsOrNull) {
        return rowsOrNull == null ? null : layout.toNetwork(rowsOrNull);
    }
}
