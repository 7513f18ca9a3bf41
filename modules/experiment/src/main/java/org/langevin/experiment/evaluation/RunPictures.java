package org.langevin.experiment.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.langevin.core.PixelGrid;
import org.langevin.experiment.Metrics;
import org.langevin.experiment.TempFolder;
import org.langevin.metrics.ClipMotion;
import org.langevin.metrics.NearestNeighbours;
import org.langevin.tracking.TrackedRun;

/**
 * The pictures of an image or clip run: a sample grid (clips: a frame strip per sample and an animated GIF), the
 * nearest-neighbour check against the training set with its held-out reference, and for clips the motion of samples and data.
 */
final class RunPictures {
    private RunPictures() {}

    /** @param nnTest the median nearest-training-row distance of the held-out rows ({@link HeldOutNearest}) */
    static Metrics.ImageChecks images(PixelGrid grid, double[][] samples, double[][] test, double[][] train, double nnTest, TrackedRun run,
                                      TempFolder work) throws IOException {
        double[][] shown = Arrays.copyOf(samples, Math.min(samples.length, 64));
        Path png = work.resolve("samples.png");
        ClipMotion.Motion sampled = null;
        ClipMotion.Motion held = null;
        if (grid.frames() == 1) {
            Pictures.grid(png, shown, grid, 8, 6);
        } else {
            double[][] clips = Arrays.copyOf(samples, Math.min(samples.length, 8));
            Pictures.strip(png, clips, grid, 4);
            Path gif = work.resolve("samples.gif");
            Pictures.animation(gif, clips, grid, 4, 4, 150);
            run.logArtifact(gif, "plots/samples.gif");
            Path data = work.resolve("data.png");
            Pictures.strip(data, Arrays.copyOf(test, Math.min(test.length, 8)), grid, 4);
            run.logArtifact(data, "plots/data.png");
            sampled = ClipMotion.of(samples, grid);
            held = ClipMotion.of(test, grid);
        }
        run.logArtifact(png, "plots/samples.png");
        NearestNeighbours.Match nearest = NearestNeighbours.match(samples, train);
        // the first samples beside their nearest training images, pair by pair
        int pairs = Math.min(samples.length, 16);
        double[][] side = new double[2 * pairs][];
        for (int i = 0; i < pairs; i++) {
            side[2 * i] = samples[i];
            side[2 * i + 1] = train[nearest.index()[i]];
        }
        Path nn = work.resolve("nearest_neighbours.png");
        Pictures.grid(nn, side, grid, 8, 6);
        run.logArtifact(nn, "plots/nearest_neighbours.png");
        return new Metrics.ImageChecks(nearest.median(), nnTest, nearest.fractionWithin(grid.spacing() / 2), sampled, held);
    }
}
