package org.langevin.lineage;

import org.langevin.core.Arrays2;
import org.langevin.core.DensityModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The score −∇U and unnormalised log density −U of exp(−U) for the Langevin samplers (which divide by kT themselves); time-free. */
final class PotentialScore implements DensityModel {
    private final Potential potential;

    PotentialScore(Potential potential) {
        this.potential = potential;
    }

    @Override
    public INDArray score(INDArray x, double t) {
        double[][] p = Arrays2.toMatrix(x);
        double[][] s = new double[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) {
            potential.gradient(p[i], s[i]);
            for (int j = 0; j < s[i].length; j++) s[i][j] = -s[i][j];
        }
        return Arrays2.fromMatrix(s, x.dataType());
    }

    /** vᵀ ∂s/∂x = −vᵀ ∇²U (the Hessian is symmetric). */
    @Override
    public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
        double[][] p = Arrays2.toMatrix(x);
        double[][] w = Arrays2.toMatrix(v);
        double[][] out = new double[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) {
            potential.hessianTimes(p[i], w[i], out[i]);
            for (int j = 0; j < out[i].length; j++) out[i][j] = -out[i][j];
        }
        return new ScoreAndVjp(score(x, t), Arrays2.fromMatrix(out, x.dataType()));
    }

    @Override
    public double[] logDensity(INDArray x, double t) {
        return logDensity(Arrays2.toMatrix(x.castTo(DataType.DOUBLE)));
    }

    double[] logDensity(double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = -potential.value(x[i]);
        return out;
    }
}
