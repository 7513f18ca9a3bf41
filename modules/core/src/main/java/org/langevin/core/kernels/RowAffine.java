package org.langevin.core.kernels;

import org.langevin.core.Arrays2;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row-scaled sums c = diag(p) a + diag(q) b of two n × d arrays, with per-row coefficients (the perturbation
 * x_t = m x0 + σ z of a batch, a parameterization's s = a F + b x), and row scalings diag(p) a. On the float CPU path one
 * Java pass; else ND4J's column-vector ops. Both round each product and the sum once, in the same order, so they agree
 * bit for bit.
 */
public final class RowAffine {
    private RowAffine() {}

    /** diag(p) a + diag(q) b, a new array of a's type. */
    public static INDArray combine(INDArray a, double[] p, INDArray b, double[] q) {
        if (!a.equalShapes(b) || a.rows() != p.length || a.rows() != q.length) {
            throw new IllegalArgumentException("row-affine sum of " + a.shapeInfoToString() + " and " + b.shapeInfoToString() + " with "
                    + p.length + " and " + q.length + " coefficients");
        }
        if (!VectorKernels.enabledFor(a) || !VectorKernels.enabledFor(b) || a.rank() != 2) {
            return a.mulColumnVector(Arrays2.column(p, a.dataType())).addi(b.mulColumnVector(Arrays2.column(q, a.dataType())));
        }
        int n = (int) a.rows();
        int d = (int) a.columns();
        float[] as = new float[n * d];
        float[] bs = new float[n * d];
        NativeFloats.of(a).get(0, as, 0, as.length);
        NativeFloats.of(b).get(0, bs, 0, bs.length);
        for (int i = 0; i < n; i++) {
            float pi = (float) p[i];
            float qi = (float) q[i];
            for (int j = i * d; j < (i + 1) * d; j++) as[j] = as[j] * pi + bs[j] * qi;
        }
        return Nd4j.createFromArray(as).reshape(n, d);
    }

    /** diag(p) a, a new array of a's type. */
    public static INDArray scale(INDArray a, double[] p) {
        if (a.rows() != p.length) throw new IllegalArgumentException(a.rows() + " rows scaled by " + p.length + " coefficients");
        if (!VectorKernels.enabledFor(a) || a.rank() != 2) return a.mulColumnVector(Arrays2.column(p, a.dataType()));
        int n = (int) a.rows();
        int d = (int) a.columns();
        float[] as = new float[n * d];
        NativeFloats.of(a).get(0, as, 0, as.length);
        for (int i = 0; i < n; i++) {
            float pi = (float) p[i];
            for (int j = i * d; j < (i + 1) * d; j++) as[j] *= pi;
        }
        return Nd4j.createFromArray(as).reshape(n, d);
    }
}
