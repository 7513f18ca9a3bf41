package org.langevin.nn;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A clip U-Net started from an image U-Net's trained spatial layers (score.init_from). */
final class SpatialLayers {
    private SpatialLayers() {}

    /**
     * Parameters of the clip network {@code clip} whose spatial layers are those of {@code image}, a network of the same widths on
     * single frames, trained ({@code imageParams}): every tensor but the temporal layers is copied, in order; the time
     * embedding's input rows for frame flags, and the temporal layers, keep {@code into}'s values (video models started
     * from image models, Ho et al. 2022). The Fourier frequencies of the time embedding must be the image network's.
     */
    static INDArray copy(UNet clip, UNet image, INDArray imageParams, INDArray into) {
        if (!clip.time().sameFrequencies(image.time())) throw new IllegalArgumentException("the time embedding's random frequencies differ");
        List<Tape.Param> mine = clip.layout().params().stream().filter(p -> !p.temporal()).toList();
        List<Tape.Param> theirs = image.layout().params().stream().filter(p -> !p.temporal()).toList();
        if (mine.size() != theirs.size()) {
            throw new IllegalArgumentException("the image network has " + theirs.size() + " spatial tensors, this one " + mine.size());
        }
        INDArray out = into.dup();
        for (int i = 0; i < mine.size(); i++) {
            long[] a = mine.get(i).shape();
            long[] b = theirs.get(i).shape();
            INDArray source = theirs.get(i).of(imageParams);
            INDArray target = mine.get(i).of(out);
            if (Arrays.equals(a, b)) target.assign(source);
            else if (a.length == 2 && b.length == 2 && a[1] == b[1] && a[0] > b[0]) {
                target.get(NDArrayIndex.interval(0, b[0]), NDArrayIndex.all()).assign(source); // a dense layer with more inputs
            } else {
                throw new IllegalArgumentException("tensor " + i + " is " + Arrays.toString(b) + " in the image network, " + Arrays.toString(a)
                        + " here");
            }
        }
        return out;
    }
}
