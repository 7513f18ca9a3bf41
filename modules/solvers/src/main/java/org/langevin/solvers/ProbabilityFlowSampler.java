package org.langevin.solvers;

import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.VectorField;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fixed-step integration of the probability-flow ODE dx/dt = f - ½ g² s (Song et al. 2021) from the prior at T down to
 * eps on a time grid: explicit Euler (order 1, 1 NFE/step), Heun (order 2, 2 NFE/step) or classical Runge–Kutta
 * (order 4, 4 NFE/step). The only randomness is the prior draw.
 */
public final class ProbabilityFlowSampler extends BatchSampler {
    /** The Runge–Kutta method. */
    public enum Method { EULER, HEUN, RK4 }

    private final Method method;
    private final double[] grid;

    public ProbabilityFlowSampler(Sde sde, Method method, TimeSchedule schedule, int steps, double eps, double rho, int chunkSize, boolean denoise) {
        super(sde, eps, chunkSize, denoise);
        this.method = method;
        this.grid = schedule.times(sde, steps, eps, rho);
    }

    @Override
    protected INDArray sampleChunk(ScoreModel score, int n, int dim, RandomStreams streams) {
        return integrate(sde.probabilityFlow(score), sde.priorSample(n, dim, streams.get("sample/prior")), grid, method);
    }

    /** Integrates dx/dt = v(x, t) along the grid (any direction), in place on x, and returns x. */
    public static INDArray integrate(VectorField v, INDArray x, double[] grid, Method method) {
        for (int i = 0; i + 1 < grid.length; i++) {
            double t = grid[i];
            double h = grid[i + 1] - t;
            try (var ws = Workspaces.loop("pf-ode-fixed")) {
                switch (method) {
                    case EULER -> x.addi(v.apply(x, t).muli(h));
                    case HEUN -> {
                        INDArray k1 = v.apply(x, t);
                        INDArray k2 = v.apply(x.add(k1.mul(h)), t + h);
                        x.addi(k1.addi(k2).muli(0.5 * h));
                    }
                    case RK4 -> {
                        INDArray k1 = v.apply(x, t);
                        INDArray k2 = v.apply(x.add(k1.mul(0.5 * h)), t + 0.5 * h);
                        INDArray k3 = v.apply(x.add(k2.mul(0.5 * h)), t + 0.5 * h);
                        INDArray k4 = v.apply(x.add(k3.mul(h)), t + h);
                        x.addi(k1.addi(k2.muli(2)).addi(k3.muli(2)).addi(k4).muli(h / 6));
                    }
                }
            }
        }
        return x;
    }
}
