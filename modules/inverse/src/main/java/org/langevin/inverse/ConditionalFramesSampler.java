package org.langevin.inverse;

import org.langevin.core.FrameConditional;
import org.langevin.core.LinearOperator;
import org.langevin.core.Measurement;
import org.langevin.core.PosteriorSampler;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.Sampler;
import org.langevin.core.ScoreModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prediction and interpolation by a network trained with given frames (train.frame_mask_p; Voleti et al. 2022, MCVD):
 * the observed frames are given to it clean, the configured sampler draws the others from its p(x_u | x_o = y), and
 * each sample's observed frames are y itself. y is taken as noise-free (with σ_y > 0 its noise stays in those frames).
 * The NFE is the sampler's.
 */
final class ConditionalFramesSampler implements PosteriorSampler {
    private final Sampler base;

    ConditionalFramesSampler(Sampler base) {
        this.base = base;
    }

    @Override
    public void check(LinearOperator operator) {
        if (operator.observedCoordinates().isEmpty()) {
            throw new IllegalArgumentException("gives the network whole frames: use inverse.operator frames");
        }
    }

    @Override
    public SampleResult sample(ScoreModel score, Measurement measurement, int n, RandomStreams streams) {
        if (!(score.unwrapped() instanceof FrameConditional model) || model.givenFrameSlots() == 0) {
            throw new IllegalArgumentException("'conditional' needs a network trained with given frames (train.frame_mask_p > 0)");
        }
        LinearOperator a = measurement.operator();
        INDArray flags = flags(a, model.givenFrameSlots());
        INDArray y = measurement.rows(n);
        INDArray clean = a.adjoint(y); // y on the observed coordinates, 0 elsewhere
        ScoreModel conditioned = score.withCore(model.givenFrames(flags, clean));
        SampleResult r = base.sample(conditioned, n, a.inputDim(), streams);
        INDArray x = r.samples().castTo(clean.dataType());
        x.subi(a.adjoint(a.apply(x))).addi(clean); // the observed frames are y
        return new SampleResult(x, r.nfe());
    }

    /** 1 × F: 1 on every frame the operator observes whole; a frame observed in part is refused. */
    static INDArray flags(LinearOperator a, int frames) {
        int size = a.inputDim() / frames;
        int[] seen = new int[frames];
        for (int c : a.observedCoordinates().orElseThrow()) seen[c / size]++;
        double[] flags = new double[frames];
        for (int f = 0; f < frames; f++) {
            if (seen[f] != 0 && seen[f] != size) {
                throw new IllegalArgumentException("observes " + seen[f] + " of the " + size + " values of frame " + f + ": give whole frames");
            }
            flags[f] = seen[f] == size ? 1 : 0;
        }
        return Nd4j.createFromArray(flags).reshape(1, frames);
    }
}
