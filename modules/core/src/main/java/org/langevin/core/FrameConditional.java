package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A clip score model that conditions on the frame structure of its rows: trained with some frames given clean
 * (masked-frame training, Voleti et al. 2022) it conditions the score of the other frames on them, so one model
 * generates clips, predicts frames and interpolates between them; trained with stills (joint image and video training,
 * Ho et al. 2022) it takes a flag per row saying its frames are independent images, and then mixes nothing across them.
 */
public interface FrameConditional {
    /** The frames of a clip the model takes flags for; 0 for a model not trained with given frames. */
    int givenFrameSlots();

    /**
     * The model given clean frames: {@code flags} (n × F or 1 × F) is 1 on a given frame, {@code clean} (n × D or 1 × D)
     * holds their values (what it holds on the other frames is ignored).
     */
    TrainableScore givenFrames(INDArray flags, INDArray clean);

    /** Whether the model takes a stills flag per row (trained with data.image_fraction > 0). */
    boolean takesStills();

    /** The model with each row's stills flag (n × 1: 1 when the row's frames are independent images). */
    TrainableScore stills(INDArray rows);
}
