package org.langevin.score;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a network score conditions on besides the time, as the columns after the time column of the network's
 * conditioning input, in this order: a class label (score.conditional: 0..classes−1, or {@code classes}, the null label),
 * a stills flag per clip (data.image_fraction: 1 when the clip's frames are independent images), and one flag per frame
 * (train.frame_mask_p: 1 on a frame given clean, see {@link GivenFrames}).
 *
 * @param classes  the network's classes; 0: no label column
 * @param labels   n × 1 per row, or 1 × 1 for every row; null: the null label
 * @param stillsColumn whether the network takes the stills flag
 * @param stills   n × 1 per row; null: every row a clip
 * @param frames   the frames of a network trained with given frames; 0: no flag columns
 * @param given    the given frames; null: none given
 */
public record NetworkConditions(int classes, INDArray labels, boolean stillsColumn, INDArray stills, int frames, GivenFrames given) {
    /** A network that takes these columns, none of them set. */
    public static NetworkConditions of(int classes, boolean stills, int frames) {
        return new NetworkConditions(classes, null, stills, null, frames, null);
    }

    NetworkConditions withLabels(INDArray rows) {
        if (classes == 0) throw new IllegalStateException("this network is not class-conditional (score.conditional: false)");
        return new NetworkConditions(classes, rows, stillsColumn, stills, frames, given);
    }

    NetworkConditions withStills(INDArray rows) {
        if (!stillsColumn) throw new IllegalStateException("this network was not trained with stills (data.image_fraction: 0)");
        return new NetworkConditions(classes, labels, stillsColumn, rows, frames, given);
    }

    NetworkConditions withGiven(GivenFrames frames) {
        if (this.frames == 0) throw new IllegalStateException("this network was not trained with given frames (train.frame_mask_p: 0)");
        return new NetworkConditions(classes, labels, stillsColumn, stills, this.frames, frames);
    }

    /** The conditioning input: the time column (n × 1), then the columns this network takes. */
    INDArray columns(INDArray time) {
        long n = time.rows();
        DataType type = time.dataType();
        INDArray out = time;
        if (classes > 0) out = Nd4j.hstack(out, column(labels, n, classes, type, "labels"));
        if (stillsColumn) out = Nd4j.hstack(out, column(stills, n, 0, type, "stills flags"));
        if (frames > 0) out = Nd4j.hstack(out, given == null ? Nd4j.zeros(type, n, frames) : given.flags(n, type));
        return out;
    }

    /** Per-row values (n × 1), one value for every row (1 × 1), or {@code absent} for every row when null. */
    private static INDArray column(INDArray values, long n, double absent, DataType type, String what) {
        if (values == null) return Nd4j.valueArrayOf(new long[] {n, 1}, absent, type);
        if (values.rows() == 1 && n > 1) return Nd4j.valueArrayOf(new long[] {n, 1}, values.getDouble(0), type);
        if (values.rows() != n) throw new IllegalStateException(what + " for " + values.rows() + " rows, the batch has " + n);
        return values.castTo(type);
    }
}
