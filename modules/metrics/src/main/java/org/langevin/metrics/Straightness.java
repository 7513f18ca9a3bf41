package org.langevin.metrics;

import org.langevin.core.RandomStream;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.VectorField;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How straight the probability-flow paths are (Liu et al. 2023): along Heun paths of dx/dt = v(x, t) = a x − ½ g² s from
 * the prior at T to eps, S = E (1/(T − eps)) ∫ ‖v(x_t, t) − (x_T − x_eps)/(T − eps)‖² dt, the mean squared distance of the
 * velocity from the chord's. S = 0 for straight paths, which one Euler step integrates exactly; the trapezoid rule
 * over the grid's velocities gives the integral.
 */
public final class Straightness {
    private Straightness() {}

    public static double of(ScoreModel score, Sde sde, int n, int dim, int steps, double eps, RandomStream stream) {
        VectorField v = sde.probabilityFlow(score);
        double T = sde.horizon();
        double h = (T - eps) / steps;
        INDArray x = sde.priorSample(n, dim, stream);
        INDArray start = x.dup();
        INDArray[] velocities = new INDArray[steps + 1];
        double t = T;
        velocities[0] = v.apply(x, t);
        for (int i = 1; i <= steps; i++) { // Heun backwards in time: x ← x − h (v₀ + v₁)/2
            INDArray predictor = x.sub(velocities[i - 1].mul(h));
            INDArray next = v.apply(predictor, t - h);
            x.subi(velocities[i - 1].add(next).muli(0.5 * h));
            t -= h;
            velocities[i] = v.apply(x, t);
        }
        INDArray chord = start.sub(x).divi(T - eps);
        double total = 0;
        for (int i = 0; i <= steps; i++) {
            INDArray d = velocities[i].sub(chord);
            double mean = d.mul(d).sumNumber().doubleValue() / n;
            total += (i == 0 || i == steps ? 0.5 : 1.0) * mean;
        }
        return total / steps;
    }
}
