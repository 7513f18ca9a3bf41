package org.langevin.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Stills are clips whose frame f is frame f of another drawn clip; the other rows are the plain draw, and the draw says which is which. */
class StillClipsTest {
    private static final int FRAMES = 4;
    private static final int SIZE = 3;

    /** 50 clips; every value of frame f of clip k is 100 k + f, so a value names its clip and frame. */
    private static final TrainingRows CLIPS;

    static {
        double[][] rows = new double[50][FRAMES * SIZE];
        for (int k = 0; k < 50; k++) for (int j = 0; j < FRAMES * SIZE; j++) rows[k][j] = 100 * k + j / SIZE;
        CLIPS = TrainingRows.of(Nd4j.createFromArray(rows), null);
    }

    @Test
    void stillsTakeEachFrameFromAnotherClipInItsOwnPlace() {
        TrainingRows.Drawn drawn = new StillClips(CLIPS, 1.0, FRAMES).draw(200, new RandomStreams(4).get("batch"));
        int mixed = 0;
        for (int i = 0; i < 200; i++) {
            assertThat(drawn.stills()[i]).isTrue();
            INDArray row = drawn.rows().getRow(i);
            long firstClip = Math.round(row.getDouble(0)) / 100;
            for (int f = 0; f < FRAMES; f++) {
                double v = row.getDouble((long) f * SIZE);
                assertThat(Math.round(v) % 100).as("frame %d keeps its place", f).isEqualTo(f);
                for (int j = 1; j < SIZE; j++) assertThat(row.getDouble((long) f * SIZE + j)).as("a frame is copied whole").isEqualTo(v);
                if (Math.round(v) / 100 != firstClip) mixed++;
            }
        }
        assertThat(mixed).as("frames from other clips").isGreaterThan(500);
    }

    @Test
    void withoutStillsTheDrawIsThePlainOneAndAShareIsMarked() {
        TrainingRows.Drawn plain = CLIPS.draw(400, new RandomStreams(5).get("batch"));
        TrainingRows.Drawn none = new StillClips(CLIPS, 0.0, FRAMES).draw(400, new RandomStreams(5).get("batch"));
        assertThat(none.rows()).isEqualTo(plain.rows());
        TrainingRows.Drawn half = new StillClips(CLIPS, 0.3, FRAMES).draw(400, new RandomStreams(5).get("batch"));
        int stills = 0;
        for (int i = 0; i < 400; i++) {
            if (half.stills()[i]) stills++;
            else assertThat(half.rows().getRow(i)).as("row %d is a clip of the plain draw", i).isEqualTo(plain.rows().getRow(i));
        }
        // Binomial(400, 0.3): mean 120, sd 9.2
        assertThat(stills).isBetween(90, 150);
        assertThat(half.rows().dataType()).isEqualTo(DataType.DOUBLE);
    }
}
