package org.langevin.training;

import org.langevin.core.ClassConditional;
import org.langevin.core.FrameConditional;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainableScore;
import org.langevin.core.TrainingRows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What a training batch conditions the model on, bound afresh to each batch: class labels, frames given clean, or both. */
public interface BatchCondition {
    /** The model conditioned for this batch (its rows {@code x0}, as drawn). */
    TrainableScore bind(TrainableScore model, TrainingRows.Drawn batch, INDArray x0, RandomStreams streams);

    /** This condition, then {@code next} (null: this alone). */
    default BatchCondition then(BatchCondition next) {
        if (next == null) return this;
        return (model, batch, x0, streams) -> next.bind(bind(model, batch, x0, streams), batch, x0, streams);
    }

    /**
     * Class-conditional training: each batch row's label (its class, from the draw) is replaced by the null label
     * (classes) with probability {@code dropout} (stream "train/label_dropout"), so the same network also learns the
     * unconditional score (classifier-free guidance, Ho & Salimans 2022).
     */
    record Labels(int classes, double dropout) implements BatchCondition {
        public TrainableScore bind(TrainableScore model, TrainingRows.Drawn batch, INDArray x0, RandomStreams streams) {
            int[] drawn = batch.labels();
            if (drawn == null) throw new IllegalArgumentException("a class-conditional model needs labelled training rows");
            double[] u = streams.get("train/label_dropout").uniform(DataType.DOUBLE, 0, 1, drawn.length).toDoubleVector();
            double[] labels = new double[drawn.length];
            for (int i = 0; i < drawn.length; i++) labels[i] = u[i] < dropout ? classes : drawn[i];
            return ((ClassConditional) model).withLabels(Nd4j.createFromArray(labels).reshape(drawn.length, 1));
        }
    }

    /**
     * Masked-frame training (Voleti et al. 2022, MCVD): each frame of each clip is given clean with probability p
     * (stream "train/frame_mask"), never every frame of a clip (then the last one drawn given is not); the loss then
     * falls on the other frames only.
     */
    record FrameMask(int frames, double p) implements BatchCondition {
        public TrainableScore bind(TrainableScore model, TrainingRows.Drawn batch, INDArray x0, RandomStreams streams) {
            int n = (int) x0.rows();
            double[] u = streams.get("train/frame_mask").uniform(DataType.DOUBLE, 0, 1, n * frames).toDoubleVector();
            double[] flags = new double[n * frames];
            for (int i = 0; i < n; i++) {
                int given = 0;
                for (int f = 0; f < frames; f++) {
                    flags[i * frames + f] = u[i * frames + f] < p ? 1 : 0;
                    given += (int) flags[i * frames + f];
                }
                if (given == frames) flags[i * frames + frames - 1] = 0;
            }
            return ((FrameConditional) model).givenFrames(Nd4j.createFromArray(flags).reshape(n, frames).castTo(x0.dataType()), x0);
        }
    }

    /** Joint image and video training: each row's stills flag, as the draw marked it ({@link org.langevin.core.StillClips}). */
    record Stills() implements BatchCondition {
        public TrainableScore bind(TrainableScore model, TrainingRows.Drawn batch, INDArray x0, RandomStreams streams) {
            boolean[] stills = batch.stills();
            double[] flags = new double[(int) x0.rows()];
            for (int i = 0; stills != null && i < flags.length; i++) flags[i] = stills[i] ? 1 : 0;
            return ((FrameConditional) model).stills(Nd4j.createFromArray(flags).reshape(flags.length, 1).castTo(x0.dataType()));
        }
    }
}
