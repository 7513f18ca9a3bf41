package org.langevin.likelihood;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.langevin.core.Arrays2;
import org.langevin.core.CountingScore;
import org.langevin.core.GaussianMixture;
import org.langevin.core.LikelihoodEstimator;
import org.langevin.core.LikelihoodResult;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.RungeKutta;
import org.langevin.core.ScoreModel;
import org.langevin.core.ScoreModel.ScoreAndDivergence;
import org.langevin.core.Sde;
import org.langevin.core.VectorField;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Log-likelihood through the probability-flow ODE and the instantaneous change of variables (Chen et al. 2018;
 * Song et al. 2021): log p_eps(x) = log p_T(x_T) + ∫_eps^T ∇·f̃(x_t, t) dt with f̃ = f - ½ g² s, integrated on the
 * joint state [x, ∫∇·f̃] (one row per point) of a chunk of points, by adaptive Dormand–Prince 5(4) (Hipparchus) or by
 * fixed-step Heun / RK4.
 *
 * <p>The divergence is exact (closed form for oracles, D vector–Jacobian products for networks) or Hutchinson's
 * estimate vᵀ(∂f̃/∂x)v with one probe per point held fixed during a solve; with K probes the K solves are averaged.
 * NFE counts score evaluations (a network's exact divergence costs D vector–Jacobian products per right-hand side).
 * Starting at eps instead of 0 evaluates p_eps, the data law blurred by N(0, σ(eps)²): for VP with eps = 1e-5,
 * σ² ≈ β_min·eps = 1e-6, a bias far below the tolerances. NFE counts evaluations along one solve, summed over probes.
 */
public final class ProbabilityFlowLikelihood implements LikelihoodEstimator {
    /** How ∇·s is computed. */
    public enum Divergence { EXACT, HUTCHINSON }

    /** Hutchinson probe distribution: both have E[v vᵀ] = I. */
    public enum Probe { RADEMACHER, GAUSSIAN }

    /** The ODE solver: adaptive Dormand–Prince 5(4), or fixed-step Heun or RK4 with {@code steps} steps. */
    public enum Solver {
        DOPRI5("adaptive Dormand–Prince 5(4) (Hipparchus), rtol and atol"),
        HEUN("Heun's method, fixed steps"),
        RK4("classical Runge–Kutta, fixed steps");

        private final String summary;

        Solver(String summary) {
            this.summary = summary;
        }

        public String summary() {
            return summary;
        }
    }

    /** Solver settings. */
    public record Options(Solver solver, double rtol, double atol, int steps, double eps, int chunkSize) {}

    /** The log density log p_T(x_T) at the end of the flow, per row. */
    @FunctionalInterface
    public interface Prior {
        double[] logDensity(INDArray xT);
    }

    /**
     * The Gaussian with the first two moments of p_T for data of mean μ and covariance Σ:
     * N(m_T μ, m_T² Σ + σ_T² I). p_T is this Gaussian up to terms of order (m_T² Σ / σ_T²)², so this prior removes most
     * of the truncation bias of the SDE's own prior N(0, s_T² I) (for VE it ignores the data variance beside σ_max²).
     */
    public static Prior momentMatched(Sde sde, double[] mean, double[][] covariance) {
        GaussianMixture pT = GaussianMixture.of(new double[] {1}, new double[][] {mean},
                new double[][][] {covariance}).perturbed(sde.marginal(sde.horizon()));
        return xT -> pT.logDensity(Arrays2.toMatrix(xT));
    }

    private final Sde sde;
    private final Divergence divergence;
    private final Probe probe;
    private final int probes;
    private final Options options;
    private final Prior prior;

    public ProbabilityFlowLikelihood(Sde sde, Divergence divergence, Probe probe, int probes, Options options, Prior prior) {
        if (!(options.eps() > 0) || !(options.eps() < sde.horizon())) throw new IllegalArgumentException("eps must lie in (0, T)");
        this.sde = sde;
        this.divergence = divergence;
        this.probe = probe;
        this.probes = divergence == Divergence.EXACT ? 1 : probes;
        this.options = options;
        this.prior = prior;
    }

    /** With the SDE's own prior N(0, s_T² I). */
    public ProbabilityFlowLikelihood(Sde sde, Divergence divergence, Probe probe, int probes, Options options) {
        this(sde, divergence, probe, probes, options, sde::priorLogDensity);
    }

    /** Adaptive Dormand–Prince with the given tolerances. */
    public ProbabilityFlowLikelihood(Sde sde, Divergence divergence, Probe probe, int probes, double rtol, double atol, double eps, int chunkSize) {
        this(sde, divergence, probe, probes, new Options(Solver.DOPRI5, rtol, atol, 0, eps, chunkSize));
    }

    @Override
    public LikelihoodResult logDensity(ScoreModel score, INDArray points, RandomStreams streams) {
        int n = (int) points.rows();
        int dim = (int) points.columns();
        INDArray x = points.castTo(DataType.DOUBLE);
        double[] prior = new double[n];
        double[] integral = new double[n];
        double[] probeMeans = new double[probes];
        long nfe = 0;
        RandomStream probeStream = streams.get("likelihood/probe");
        for (int k = 0; k < probes; k++) {
            long probeNfe = 0;
            for (int start = 0; start < n; start += options.chunkSize()) {
                int end = Math.min(n, start + options.chunkSize());
                INDArray chunk = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
                INDArray v = divergence == Divergence.EXACT ? null : drawProbe(probeStream, end - start, dim);
                Solve solve = solve(score, chunk, v);
                probeNfe = Math.max(probeNfe, solve.nfe);
                for (int i = start; i < end; i++) {
                    prior[i] += solve.prior[i - start] / probes;
                    integral[i] += solve.integral[i - start] / probes;
                    probeMeans[k] += (solve.prior[i - start] + solve.integral[i - start]) / n;
                }
            }
            nfe += probeNfe;
        }
        double[] logp = new double[n];
        for (int i = 0; i < n; i++) logp[i] = prior[i] + integral[i];
        return new LikelihoodResult(logp, prior, integral, nfe, Arrays2.stderr(logp), probes < 2 ? Double.NaN : Arrays2.stderr(probeMeans));
    }

    private INDArray drawProbe(RandomStream stream, int rows, int dim) {
        return probe == Probe.RADEMACHER ? stream.rademacher(DataType.DOUBLE, rows, dim) : stream.normal(DataType.DOUBLE, rows, dim);
    }

    private record Solve(double[] prior, double[] integral, long nfe) {}

    private Solve solve(ScoreModel score, INDArray chunk, INDArray probeVectors) {
        int n = (int) chunk.rows();
        int dim = (int) chunk.columns();
        CountingScore counted = new CountingScore(score);
        // d/dt [x, ∫] = [f - ½ g² s, ∇·f - ½ g² ∇·s]
        VectorField joint = (state, t) -> {
            INDArray xt = state.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dim));
            ScoreAndDivergence sd = probeVectors == null ? counted.exactDivergence(xt, t) : counted.hutchinsonDivergence(xt, t, probeVectors);
            double halfG2 = 0.5 * sde.diffusion(t) * sde.diffusion(t);
            INDArray velocity = sde.drift(xt, t).subi(sd.score().muli(halfG2));
            INDArray div = sd.divergence().castTo(DataType.DOUBLE).reshape(n, 1).mul(-halfG2).addi(sde.driftDivergence(dim, t));
            return Nd4j.hstack(velocity, div);
        };
        INDArray start = Nd4j.hstack(chunk.castTo(DataType.DOUBLE), Nd4j.zeros(DataType.DOUBLE, n, 1));
        INDArray end = switch (options.solver()) {
            case DOPRI5 -> dormandPrince(joint, start);
            case HEUN -> RungeKutta.HEUN.integrate(joint, start, RungeKutta.uniformGrid(options.eps(), sde.horizon(), options.steps()));
            case RK4 -> RungeKutta.RK4.integrate(joint, start, RungeKutta.uniformGrid(options.eps(), sde.horizon(), options.steps()));
        };
        double[] priorTerm = prior.logDensity(end.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dim)));
        double[] integral = end.getColumn(dim).dup().toDoubleVector();
        return new Solve(priorTerm, integral, counted.count());
    }

    private INDArray dormandPrince(VectorField joint, INDArray start) {
        long[] shape = start.shape();
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            public int getDimension() {
                return (int) start.length();
            }

            public double[] computeDerivatives(double t, double[] y) {
                try (var ws = Workspaces.loop("pf-ode")) {
                    return joint.apply(Nd4j.create(y, shape, 'c'), t).dup('c').data().asDouble();
                }
            }
        };
        double span = sde.horizon() - options.eps();
        DormandPrince54Integrator integrator = new DormandPrince54Integrator(1e-12 * span, span, options.atol(), options.rtol());
        double[] y = integrator.integrate(ode, new ODEState(options.eps(), start.dup('c').data().asDouble()), sde.horizon()).getPrimaryState();
        return Nd4j.create(y, shape, 'c');
    }
}
