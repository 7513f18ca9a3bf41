package org.langevin.samplers;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.VectorField;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The probability-flow ODE integrated by adaptive Dormand–Prince 5(4) (Hipparchus) with tolerances rtol, atol,
 * from T to eps (sampling) or, by {@link #flow}, between any two times (encoding data to latents and back).
 */
public final class AdaptiveProbabilityFlowSampler extends BatchSampler {
    private final double rtol;
    private final double atol;

    public AdaptiveProbabilityFlowSampler(Sde sde, double rtol, double atol, double eps, int chunkSize, boolean denoise) {
        super(sde, eps, chunkSize, denoise);
        this.rtol = rtol;
        this.atol = atol;
    }

    @Override
    protected INDArray sampleChunk(ScoreModel score, int n, int dim, RandomStreams streams) {
        return flow(sde, score, sde.priorSample(n, dim, streams.get("sample/prior")), sde.horizon(), eps, rtol, atol);
    }

    /** Carries the rows of x from time {@code from} to time {@code to} along the probability-flow ODE. */
    public static INDArray flow(Sde sde, ScoreModel score, INDArray x, double from, double to, double rtol, double atol) {
        int n = (int) x.rows();
        int dim = (int) x.columns();
        VectorField v = sde.probabilityFlow(score);
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            public int getDimension() {
                return n * dim;
            }

            public double[] computeDerivatives(double t, double[] y) {
                try (var ws = Workspaces.loop("pf-ode-adaptive")) {
                    return v.apply(Nd4j.create(y, new long[] {n, dim}, 'c'), t).dup('c').data().asDouble();
                }
            }
        };
        double span = Math.abs(to - from);
        DormandPrince54Integrator integrator = new DormandPrince54Integrator(1e-12 * span, span, atol, rtol);
        double[] y = integrator.integrate(ode, new ODEState(from, x.castTo(DataType.DOUBLE).dup('c').data().asDouble()), to).getPrimaryState();
        return Nd4j.create(y, new long[] {n, dim}, 'c');
    }
}
