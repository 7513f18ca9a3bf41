package org.langevin.inverse;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.langevin.core.LinearOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Solves (r² A Aᵀ + s² I) u = v for every row v, from A Aᵀ = c I when the operator says so, else from the
 * eigendecomposition A Aᵀ = U Λ Uᵀ computed once (Hipparchus). Directions where r² λ + s² vanishes are dropped, so
 * r = 1, s = 0 gives the pseudo-inverse (A Aᵀ)⁺.
 */
final class Gram {
    private final LinearOperator operator;
    private final INDArray vectors; // U, m × m; null when A Aᵀ = c I
    private final double[] values;

    private Gram(LinearOperator operator, INDArray vectors, double[] values) {
        this.operator = operator;
        this.vectors = vectors;
        this.values = values;
    }

    static Gram of(LinearOperator a) {
        if (!Double.isNaN(a.gramScale())) return new Gram(a, null, new double[] {a.gramScale()});
        RealMatrix m = MatrixUtils.createRealMatrix(a.matrix());
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(m.multiplyTransposed(m));
        return new Gram(a, Nd4j.createFromArray(eig.getV().getData()), eig.getEigenvalues().clone());
    }

    /** u = (r² A Aᵀ + s² I)⁺ v per row. */
    INDArray solve(INDArray v, double r2, double s2) {
        v = v.castTo(DataType.DOUBLE);
        if (vectors == null) {
            double d = r2 * values[0] + s2;
            return d > 0 ? v.div(d) : v.mul(0);
        }
        double top = 0;
        for (double l : values) top = Math.max(top, r2 * l + s2);
        double[] inverse = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double d = r2 * values[i] + s2;
            inverse[i] = d > 1e-12 * top ? 1 / d : 0;
        }
        INDArray coords = v.mmul(vectors).muliRowVector(Nd4j.createFromArray(inverse));
        return coords.mmul(vectors.transpose());
    }

    /** The projection's correction A⁺ v = Aᵀ (A Aᵀ)⁺ v per row: adding it to x makes A x agree with A x + v. */
    INDArray pseudoInverse(INDArray v) {
        return operator.adjoint(solve(v, 1, 0));
    }
}
