package org.langevin.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.langevin.core.Arrays2;
import org.langevin.core.DataSource;
import org.langevin.core.Dataset;
import org.langevin.core.RandomStreams;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Points from a CSV file (header x0,x1,...), shuffled by stream "data/split" and split into train and test. */
public final class CsvData implements DataSource {
    private final Path path;
    private final double testFraction;

    public CsvData(Path path, double testFraction) {
        this.path = path;
        this.testFraction = testFraction;
    }

    @Override
    public Optional<Path> file() {
        return Optional.of(path);
    }

    @Override
    public Dataset load(RandomStreams streams) {
        double[][] rows = CsvPoints.read(path);
        INDArray all = Nd4j.createFromArray(rows);
        int[] order = streams.get("data/split").permutation(rows.length);
        int testSize = Math.max(1, (int) Math.round(rows.length * testFraction));
        if (testSize >= rows.length) throw new IllegalArgumentException(path + " has too few rows (" + rows.length + ") for a train/test split");
        int[] test = Arrays.copyOfRange(order, 0, testSize);
        int[] train = Arrays.copyOfRange(order, testSize, rows.length);
        return new Dataset("csv", Arrays2.rows(all, train), Arrays2.rows(all, test), Optional.empty(), Optional.empty());
    }
}
