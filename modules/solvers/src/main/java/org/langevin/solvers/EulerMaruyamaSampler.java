package org.langevin.solvers;

import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.Sampler;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.VectorField;
import org.langevin.core.Workspaces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Euler–Maruyama on Anderson's reverse-time SDE dx = [f - g² ∇log p_t] dt + g dW̄, integrated from T down to eps
 * in {@code steps} equal steps: x ← x - [f - g² s] h + g √h z. The last step adds no noise (it returns the mean,
 * as in Song et al. 2021), so the output is not blurred by noise of scale g(eps)√h. NFE = steps.
 */
public final class EulerMaruyamaSampler implements Sampler {
    private final Sde sde;
    private final int steps;
    private final double eps;

    public EulerMaruyamaSampler(Sde sde, int steps, double eps) {
        if (steps < 1) throw new IllegalArgumentException("steps must be at least 1");
        this.sde = sde;
        this.steps = steps;
        this.eps = eps;
    }

    @Override
    public SampleResult sample(ScoreModel score, int n, int dim, RandomStreams streams) {
        RandomStream noise = streams.get("sample/noise");
        VectorField reverse = sde.reverseDrift(score);
        INDArray x = sde.priorSample(n, dim, streams.get("sample/prior"));
        double h = (sde.horizon() - eps) / steps;
        for (int k = 0; k < steps; k++) {
            double t = sde.horizon() - k * h;
            try (var ws = Workspaces.loop("euler-maruyama")) {
                x.subi(reverse.apply(x, t).muli(h));
                if (k + 1 < steps) x.addi(noise.normal(DataType.DOUBLE, n, dim).muli(sde.diffusion(t) * Math.sqrt(h)));
            }
        }
        return new SampleResult(x, steps);
    }
}
