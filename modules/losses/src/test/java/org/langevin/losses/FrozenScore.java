package org.langevin.losses;

import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.ScoreModel;
import org.langevin.core.TrainableScore;
import org.langevin.score.OracleScore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The exact score of a Gaussian mixture, possibly shifted by c, seen as a trainable model without parameters, to evaluate losses on it. */
final class FrozenScore implements TrainableScore {
    private final OracleScore score;
    private final double[] shift;

    FrozenScore(OracleScore score, double... shift) {
        this.score = score;
        this.shift = shift;
    }

    @Override
    public INDArray parameters() {
        return Nd4j.zeros(DataType.DOUBLE, 1);
    }

    @Override
    public DataType dataType() {
        return DataType.DOUBLE;
    }

    @Override
    public ScoreModel withParameters(INDArray parameters) {
        return this;
    }

    @Override
    public INDArray score(INDArray x, double t) {
        INDArray s = score.score(x, t);
        return shift.length == 0 ? s : s.addiRowVector(Nd4j.createFromArray(shift).reshape(1, shift.length));
    }

    @Override
    public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
        return new ScoreAndVjp(score(x, t), score.vjp(x, t, v).vjp());
    }

    @Override
    public TrainingPass forward(INDArray x, INDArray t) {
        INDArray s = perRow(x, t, false);
        return new TrainingPass() {
            public INDArray score() {
                return s;
            }

            public INDArray backward(INDArray g) {
                return Nd4j.zeros(DataType.DOUBLE, 1);
            }
        };
    }

    @Override
    public DivergencePass forwardWithDivergence(INDArray x, INDArray t) {
        INDArray s = perRow(x, t, false);
        INDArray div = perRow(x, t, true);
        return new DivergencePass() {
            public INDArray score() {
                return s;
            }

            public INDArray divergence() {
                return div;
            }

            public INDArray backward(INDArray gs, INDArray gd) {
                return Nd4j.zeros(DataType.DOUBLE, 1);
            }
        };
    }

    /** The score (or the divergence, as a column) row by row, each at its own time, in plain Java on the mixture p_t. */
    private INDArray perRow(INDArray x, INDArray t, boolean divergence) {
        double[][] rows = Arrays2.toMatrix(x);
        double[] times = t.castTo(DataType.DOUBLE).toDoubleVector();
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            GaussianMixture pt = score.marginal(times[i]);
            double[][] row = {rows[i]};
            if (divergence) {
                out[i] = new double[] {pt.scoreAndDivergence(row).divergence()[0]};
            } else {
                out[i] = pt.score(row)[0].clone();
                for (int k = 0; k < shift.length; k++) out[i][k] += shift[k];
            }
        }
        return Arrays2.fromMatrix(out, DataType.DOUBLE);
    }
}
