package org.langevin.inverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.LinearOperator;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The operators: adjoints, the Gram shortcuts they declare, the masks' shapes, and the Gram solve against a direct inverse. */
class OperatorsTest {
    private final PixelGrid clip = new PixelGrid(3, 1, 8, 8, 17, -1, 1);
    private final RandomStreams streams = new RandomStreams(3);

    private List<LinearOperator> all() {
        return List.of(CoordinateMask.of(ImageOperators.box(clip, 0.25)), CoordinateMask.of(ImageOperators.frames(clip, new int[] {0, 2})),
                new DenseOperator(ImageOperators.blur(clip, 1.0), Double.NaN), new DenseOperator(ImageOperators.downsample(clip, 2), 0.25),
                CoordinateMask.of(ImageOperators.random(clip, 0.5, streams.get("mask"))));
    }

    @Test
    void everyAdjointSatisfiesTheInnerProductIdentityAndEveryGramShortcutHolds() {
        for (LinearOperator a : all()) {
            INDArray x = streams.get("x").normal(DataType.DOUBLE, 4, a.inputDim());
            INDArray y = streams.get("y").normal(DataType.DOUBLE, 4, a.outputDim());
            double left = a.apply(x).mul(y).sumNumber().doubleValue();
            double right = x.mul(a.adjoint(y)).sumNumber().doubleValue();
            assertThat(left).as(a.getClass().getSimpleName()).isCloseTo(right, within(1e-9 * (1 + Math.abs(left))));
            if (!Double.isNaN(a.gramScale())) {
                RealMatrix m = MatrixUtils.createRealMatrix(a.matrix());
                RealMatrix gram = m.multiplyTransposed(m);
                assertThat(gram.subtract(MatrixUtils.createRealIdentityMatrix(a.outputDim()).scalarMultiply(a.gramScale())).getNorm1())
                        .isLessThan(1e-12);
            }
        }
    }

    @Test
    void masksHideWhatTheySay() {
        boolean[] box = ImageOperators.box(clip, 0.25);
        int hidden = 0;
        for (int i = 0; i < 64; i++) if (!box[i]) hidden++;
        assertThat(hidden).isEqualTo(16); // a centred 4 × 4 square of each 8 × 8 frame
        assertThat(box[3 * 8 + 3]).isFalse();
        assertThat(box[0]).isTrue();
        boolean[] half = ImageOperators.half(clip);
        assertThat(half[8 + 3]).isTrue();
        assertThat(half[8 + 4]).isFalse();
        boolean[] frames = ImageOperators.frames(clip, new int[] {1});
        assertThat(frames[63]).isFalse();
        assertThat(frames[64]).isTrue();
        assertThat(frames[128]).isFalse();
    }

    @Test
    void blurKeepsTheMassOfInteriorPixelsAndPoolingAveragesBlocks() {
        double[][] blur = ImageOperators.blur(new PixelGrid(1, 1, 12, 12, 17, -1, 1), 0.8);
        double sum = 0;
        for (double v : blur[6 * 12 + 6]) sum += v;
        assertThat(sum).isCloseTo(1, within(1e-12));
        double[][] pool = ImageOperators.downsample(new PixelGrid(1, 1, 4, 4, 17, -1, 1), 2);
        assertThat(pool).hasNumberOfRows(4);
        assertThat(pool[0][0]).isEqualTo(0.25);
        assertThat(pool[0][5]).isEqualTo(0.25);
        assertThat(pool[0][2]).isZero();
    }

    @Test
    void theGramSolveMatchesADirectInverse() {
        double[][] a = {{1.0, -0.5, 0.3}, {0.2, 0.8, -1.0}};
        LinearOperator op = new DenseOperator(a, Double.NaN);
        RealMatrix m = MatrixUtils.createRealMatrix(a);
        RealMatrix system = m.multiplyTransposed(m).scalarMultiply(0.7).add(MatrixUtils.createRealIdentityMatrix(2).scalarMultiply(0.09));
        double[] v = {0.4, -1.1};
        double[] direct = MatrixUtils.inverse(system).operate(v);
        double[] solved = Gram.of(op).solve(Nd4j.createFromArray(new double[][] {v}), 0.7, 0.09).toDoubleVector();
        assertThat(solved[0]).isCloseTo(direct[0], within(1e-12));
        assertThat(solved[1]).isCloseTo(direct[1], within(1e-12));
        INDArray x = Arrays2.fromMatrix(new double[][] {{0.3, 0.2, -0.9}}, DataType.DOUBLE);
        INDArray projected = x.add(Gram.of(op).pseudoInverse(Nd4j.createFromArray(new double[][] {v}).sub(op.apply(x))));
        assertThat(op.apply(projected).toDoubleVector()).containsExactly(new double[] {0.4, -1.1}, within(1e-12));
    }
}
