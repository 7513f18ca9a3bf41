package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Explicit fixed-step Runge–Kutta integration of dx/dt = v(x, t) along a time grid (either direction): Euler (order 1,
 * 1 evaluation per step), Heun (order 2, 2) and the classical fourth-order method (order 4, 4).
 */
public enum RungeKutta {
    EULER, HEUN, RK4;

    /** Evaluations of v per step. */
    public int stages() {
        return switch (this) {
            case EULER -> 1;
            case HEUN -> 2;
            case RK4 -> 4;
        };
    }

    /** Integrates along the grid, in place on x, and returns x. */
    public INDArray integrate(VectorField v, INDArray x, double[] grid) {
        for (int i = 0; i + 1 < grid.length; i++) {
            double t = grid[i];
            double h = grid[i + 1] - t;
            try (var ws = Workspaces.loop("runge-kutta")) {
                switch (this) {
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

    /** n equal steps from {@code from} to {@code to}. */
    public static double[] uniformGrid(double from, double to, int n) {
        double[] g = new double[n + 1];
        for (int i = 0; i <= n; i++) g[i] = from + (to - from) * i / n;
        g[n] = to;
        return g;
    }
}
