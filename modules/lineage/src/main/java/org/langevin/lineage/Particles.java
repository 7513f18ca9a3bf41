package org.langevin.lineage;

import java.util.ArrayList;
import java.util.List;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStream;
import org.langevin.core.Sde;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Particles moved by a linear SDE dx = a(t) x dt + g(t) dW on a uniform time grid, in plain double precision:
 * forward by Euler–Maruyama, or back in time by Anderson's reverse SDE (Euler–Maruyama) or the probability-flow ODE
 * (Heun), with a score given as a function. Snapshots are kept at every {@code every}-th step (and the first).
 */
final class Particles {
    /** ∇ₓ log p_t at the rows of x. */
    @FunctionalInterface
    interface Score {
        double[][] at(double[][] x, double t);

        /** The exact score of a Gaussian mixture pushed through the SDE. */
        static Score of(GaussianMixture data, Sde sde) {
            return (x, t) -> data.perturbed(sde.marginal(t)).score(x);
        }
    }

    /** States at the recorded times. */
    record Path(double[] times, List<double[][]> states) {}

    private Particles() {}

    /** Euler–Maruyama from t0 to t1 in {@code steps} steps: x += a x Δt + g √Δt z. */
    static Path forward(Sde sde, double[][] x0, double t0, double t1, int steps, int every, RandomStream noise) {
        double dt = (t1 - t0) / steps;
        double[][] x = copy(x0);
        Recorder recorder = new Recorder(t0, x);
        for (int k = 0; k < steps; k++) {
            double t = t0 + k * dt;
            double a = sde.driftCoefficient(t);
            double g = sde.diffusion(t) * Math.sqrt(dt);
            double[][] z = Arrays2.toMatrix(noise.normal(DataType.DOUBLE, x.length, x[0].length));
            for (int i = 0; i < x.length; i++) for (int j = 0; j < x[i].length; j++) x[i][j] += a * x[i][j] * dt + g * z[i][j];
            if ((k + 1) % every == 0 || k + 1 == steps) recorder.add(t + dt, x);
        }
        return recorder.path();
    }

    /**
     * From t1 back to t0: the reverse SDE dx = (a x − g² s) dt + g dW̄ by Euler–Maruyama when stochastic, else the
     * probability-flow ODE dx/dt = a x − ½ g² s by Heun's method (Song et al. 2021).
     */
    static Path reverse(Sde sde, Score score, double[][] xT, double t1, double t0, int steps, boolean stochastic, int every, RandomStream noise) {
        double dt = (t1 - t0) / steps;
        double[][] x = copy(xT);
        Recorder recorder = new Recorder(t1, x);
        for (int k = 0; k < steps; k++) {
            double t = t1 - k * dt;
            if (stochastic) {
                double[][] drift = reverseDrift(sde, score, x, t, 1.0);
                double g = sde.diffusion(t) * Math.sqrt(dt);
                double[][] z = Arrays2.toMatrix(noise.normal(DataType.DOUBLE, x.length, x[0].length));
                for (int i = 0; i < x.length; i++) for (int j = 0; j < x[i].length; j++) x[i][j] -= drift[i][j] * dt - g * z[i][j];
            } else {
                double[][] k1 = reverseDrift(sde, score, x, t, 0.5);
                double[][] mid = copy(x);
                for (int i = 0; i < x.length; i++) for (int j = 0; j < x[i].length; j++) mid[i][j] -= k1[i][j] * dt;
                double[][] k2 = reverseDrift(sde, score, mid, t - dt, 0.5);
                for (int i = 0; i < x.length; i++) for (int j = 0; j < x[i].length; j++) x[i][j] -= 0.5 * (k1[i][j] + k2[i][j]) * dt;
            }
            if ((k + 1) % every == 0 || k + 1 == steps) recorder.add(t - dt, x);
        }
        return recorder.path();
    }

    /** a(t) x − λ g(t)² s(x, t): λ = 1 for the reverse SDE, ½ for the probability-flow ODE. */
    private static double[][] reverseDrift(Sde sde, Score score, double[][] x, double t, double lambda) {
        double a = sde.driftCoefficient(t);
        double g2 = sde.diffusion(t) * sde.diffusion(t);
        double[][] s = score.at(x, t);
        double[][] out = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) for (int j = 0; j < x[i].length; j++) out[i][j] = a * x[i][j] - lambda * g2 * s[i][j];
        return out;
    }

    /** Copies of the state at the recorded times. */
    private static final class Recorder {
        private final List<Double> times = new ArrayList<>();
        private final List<double[][]> states = new ArrayList<>();

        Recorder(double t, double[][] x) {
            add(t, x);
        }

        void add(double t, double[][] x) {
            times.add(t);
            states.add(copy(x));
        }

        Path path() {
            return new Path(times.stream().mapToDouble(Double::doubleValue).toArray(), states);
        }
    }

    static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) c[i] = x[i].clone();
        return c;
    }
}
