package org.langevin.inverse;

import org.langevin.core.Marginal;
import org.langevin.core.Measurement;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.langevin.samplers.DdimStep;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Imputation by replacement (Song et al. 2021, App. I) and RePaint (Lugmayr et al. 2022): after each reverse step to
 * t', the measured part of x is replaced by a noised copy of the observation, y_t' = m' y + σ' A z, through the
 * projection x ← x + A⁺(y_t' − A x) (for a mask: the observed coordinates set to y_t'). RePaint repeats each step
 * {@code resample} times, jumping back to t by the forward kernel x_t = r x_t' + G z in between, so the two parts
 * harmonise. Both treat y as noise-free: with σ_y > 0 they are biased. NFE = steps × resample.
 */
final class ReplacementSampler extends GridPosteriorSampler {
    private final int resample;
    private final double eta;

    ReplacementSampler(Sde sde, double[] grid, boolean denoise, int resample, double eta) {
        super(sde, grid, denoise);
        this.resample = resample;
        this.eta = eta;
    }

    @Override
    protected INDArray run(ScoreModel score, Measurement measurement, INDArray y, int n, RandomStreams streams) {
        Gram gram = Gram.of(measurement.operator());
        RandomStream noise = streams.get("sample/noise");
        RandomStream known = streams.get("inverse/known");
        int dim = measurement.operator().inputDim();
        INDArray x = sde.priorSample(n, dim, streams.get("sample/prior"));
        for (int i = 0; i + 1 < grid.length; i++) {
            double t = grid[i];
            double next = grid[i + 1];
            DdimStep step = DdimStep.between(sde, t, next, eta);
            for (int u = 0; u < resample; u++) {
                try (var ws = Workspaces.loop("replacement")) {
                    Denoised d = Denoised.at(score, sde, x, t);
                    INDArray xNext = step.sample(d.x0(), d.epsHat(), noise);
                    Marginal mn = sde.marginal(next);
                    INDArray yNext = y.mul(mn.meanCoef()).addi(measurement.operator().apply(known.normal(DataType.DOUBLE, n, dim)).muli(mn.std()));
                    xNext.addi(gram.pseudoInverse(yNext.subi(measurement.operator().apply(xNext))));
                    x.assign(u + 1 < resample ? forward(xNext, t, next, noise) : xNext);
                }
            }
        }
        return x;
    }

    /** The forward kernel from t' back up to t: x_t = r x_t' + G z, r = m_t/m_t', G² = σ_t² − r² σ_t'². */
    private INDArray forward(INDArray x, double t, double next, RandomStream noise) {
        Sde.Transition kernel = sde.transition(next, t);
        return x.mul(kernel.ratio()).addi(noise.normal(DataType.DOUBLE, x.rows(), x.columns()).muli(Math.sqrt(kernel.variance())));
    }
}
