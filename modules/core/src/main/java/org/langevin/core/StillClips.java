package org.langevin.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Clip batches with a share of stills (data.image_fraction; joint image and video training, Ho et al. 2022): each drawn
 * clip is, with probability {@code fraction}, replaced by a still, a clip whose frame f is frame f of another drawn clip,
 * one clip per frame, so its frames are independent images of the data's per-frame law. The draw says which rows are
 * stills; a network trained on them is told so and mixes nothing across their frames. The choice and the extra clips
 * come from the draw's stream.
 */
public final class StillClips implements TrainingRows {
    private final TrainingRows clips;
    private final double fraction;
    private final int frames;

    public StillClips(TrainingRows clips, double fraction, int frames) {
        if (!(fraction >= 0 && fraction <= 1)) throw new IllegalArgumentException("the share of stills must be in [0, 1], got " + fraction);
        this.clips = clips;
        this.fraction = fraction;
        this.frames = frames;
    }

    @Override
    public Drawn draw(int n, RandomStream stream) {
        Drawn drawn = clips.draw(n, stream);
        double[] u = stream.uniform(DataType.DOUBLE, 0, 1, n).toDoubleVector();
        boolean[] stills = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            stills[i] = u[i] < fraction;
            if (stills[i]) count++;
        }
        if (count == 0) return new Drawn(drawn.rows(), drawn.labels(), stills);
        INDArray rows = drawn.rows().dup();
        INDArray donors = clips.draw(count * frames, stream).rows();
        int size = (int) rows.columns() / frames;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!stills[i]) continue;
            for (int f = 0; f < frames; f++) {
                INDArrayIndex[] at = {NDArrayIndex.point(i), NDArrayIndex.interval((long) f * size, (long) (f + 1) * size)};
                rows.get(at).assign(donors.get(NDArrayIndex.point((long) k * frames + f), NDArrayIndex.interval((long) f * size,
                        (long) (f + 1) * size)));
            }
            k++;
        }
        return new Drawn(rows, drawn.labels(), stills);
    }

    @Override
    public String digest() {
        return clips.digest();
    }
}
