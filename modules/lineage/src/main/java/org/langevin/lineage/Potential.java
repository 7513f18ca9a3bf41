package org.langevin.lineage;

/** Potentials U for the Langevin equation dx = −∇U dt + √(2kT) dW, whose equilibrium is the Boltzmann law exp(−U/kT)/Z. */
enum Potential {
    /** U(x) = (x² − 1)²: two wells at ±1, barrier 1. */
    DOUBLE_WELL(1, 3.0) {
        double value(double[] x) {
            double q = x[0] * x[0] - 1;
            return q * q;
        }

        void gradient(double[] x, double[] out) {
            out[0] = 4 * x[0] * (x[0] * x[0] - 1);
        }

        void hessianTimes(double[] x, double[] v, double[] out) {
            out[0] = (12 * x[0] * x[0] - 4) * v[0];
        }
    },
    /** U(x) = 2 (|x| − 2)²: a ring of radius 2 whose width grows as √kT. */
    RING(2, 5.0) {
        double value(double[] x) {
            double d = Math.hypot(x[0], x[1]) - 2;
            return 2 * d * d;
        }

        void gradient(double[] x, double[] out) {
            double r = Math.max(Math.hypot(x[0], x[1]), 1e-12);
            double f = 4 * (r - 2) / r;
            out[0] = f * x[0];
            out[1] = f * x[1];
        }

        void hessianTimes(double[] x, double[] v, double[] out) {
            // ∇²U = 4 (1 − 2/r) I + 8 x xᵀ / r³
            double r = Math.max(Math.hypot(x[0], x[1]), 1e-12);
            double xv = x[0] * v[0] + x[1] * v[1];
            for (int j = 0; j < 2; j++) out[j] = 4 * (1 - 2 / r) * v[j] + 8 * x[j] * xv / (r * r * r);
        }
    };

    final int dim;
    /** Half-width of a box that holds the Boltzmann law at kT ≤ 2. */
    final double box;

    Potential(int dim, double box) {
        this.dim = dim;
        this.box = box;
    }

    abstract double value(double[] x);

    abstract void gradient(double[] x, double[] out);

    abstract void hessianTimes(double[] x, double[] v, double[] out);
}
