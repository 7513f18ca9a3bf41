package org.langevin.inverse;

import java.util.ArrayList;
import java.util.List;
import org.langevin.core.FrameConditional;
import org.langevin.core.LinearOperator;
import org.langevin.core.Measurement;
import org.langevin.core.PosteriorSampler;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleChunks;
import org.langevin.core.SampleResult;
import org.langevin.core.Sampler;
import org.langevin.core.ScoreModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Prediction and interpolation by a network trained with given frames (train.frame_mask_p; Voleti et al. 2022, MCVD):
 * the observed frames are given to it clean, the configured sampler draws the others from its p(x_u | x_o = y), and
 * each sample's observed frames are y itself. y is taken as noise-free (with σ_y > 0 its noise stays in those frames).
 * The NFE is the sampler's.
 */
final class ConditionalFramesSampler implements PosteriorSampler {
    private final Sampler base;
    private final int frames;
    private final int chunkSize;

    /** @param frames the clips' frames; @param chunkSize sampler.batch_size as configured (0: automatic) */
    ConditionalFramesSampler(Sampler base, int frames, int chunkSize) {
        this.base = base;
        this.frames = frames;
        this.chunkSize = chunkSize;
    }

    @Override
    public void check(LinearOperator operator) {
        if (frames < 2 || operator.observedCoordinates().isEmpty()) {
            throw new IllegalArgumentException("gives the network whole frames of clips: use inverse.operator frames on clip data");
        }
        flags(operator, frames);
    }

    @Override
    public SampleResult sample(ScoreModel score, Measurement measurement, int n, RandomStreams streams) {
        if (!(score.unwrapped() instanceof FrameConditional model) || model.givenFrameSlots() == 0) {
            throw new IllegalArgumentException("'conditional' needs a network trained with given frames (train.frame_mask_p > 0)");
        }
        LinearOperator a = measurement.operator();
        INDArray flags = flags(a, model.givenFrameSlots());
        INDArray clean = a.adjoint(measurement.rows(n)); // y on the observed coordinates, 0 elsewhere
        int chunk = SampleChunks.size(chunkSize, a.inputDim());
        List<INDArray> parts = new ArrayList<>();
        long nfe = 0;
        for (int done = 0; done < n; done += chunk) { // one chunk of rows at a time, each with its own given frames
            INDArray rows = clean.get(NDArrayIndex.interval(done, Math.min(n, done + chunk)), NDArrayIndex.all());
            SampleResult r = base.sample(score.withCore(model.givenFrames(flags, rows)), (int) rows.rows(), a.inputDim(), streams);
            INDArray x = r.samples().castTo(rows.dataType());
            parts.add(x.subi(a.adjoint(a.apply(x))).addi(rows)); // the observed frames are y
            nfe = Math.max(nfe, r.nfe());
        }
        return new SampleResult(parts.size() == 1 ? parts.get(0) : Nd4j.vstack(parts.toArray(new INDArray[0])), nfe);
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
