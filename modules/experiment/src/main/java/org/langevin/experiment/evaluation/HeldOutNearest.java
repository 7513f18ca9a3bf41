package org.langevin.experiment.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.langevin.core.Dataset;
import org.langevin.core.TrainingRows;
import org.langevin.experiment.Home;
import org.langevin.metrics.NearestNeighbours;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The median distance from held-out rows to their nearest training rows: the reference of the memorisation check, a
 * property of the data alone. It is computed once per training rows and held-out rows and kept in
 * .langevin/features/NAME-TRAIN-HELDOUT-nn.txt (the first 16 hex digits of each one's SHA-256), as the feature classifier is.
 */
public final class HeldOutNearest {
    private HeldOutNearest() {}

    /**
     * @param heldOutRows the held-out rows and {@code heldOut} the same as a matrix; {@code data.train()} the training rows,
     *     {@code train} the same as a matrix (the callers hold both already)
     */
    public static double median(Dataset data, INDArray heldOutRows, double[][] heldOut, double[][] train, PrintStream err) throws IOException {
        // the rows searched, both sides, keyed as every data cache is: TrainingRows' SHA-256 of the rows
        String key = data.name() + "-" + TrainingRows.of(data.train(), null).digest().substring(0, 16) + "-"
                + TrainingRows.of(heldOutRows, null).digest().substring(0, 16);
        Path file = Home.path().resolve(".langevin/features/" + key + "-nn.txt");
        if (Files.isRegularFile(file)) return Double.parseDouble(Files.readString(file).strip());
        err.println("nearest training rows of " + heldOut.length + " held-out rows of " + data.name() + " (once per data set; cached as "
                + file + ") ...");
        double median = NearestNeighbours.match(heldOut, train).median();
        Files.createDirectories(file.getParent());
        Path part = Files.createTempFile(file.getParent(), key, ".part"); // runs in parallel each write their own
        Files.writeString(part, Double.toString(median)); // the shortest text that reads back as the same double
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return median;
    }
}
