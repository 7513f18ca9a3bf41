package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.Dataset;
import org.langevin.metrics.NearestNeighbours;

/** The held-out rows' nearest-training-row distance is computed once per data and read back from its cache file after that. */
class HeldOutNearestTest {
    /** The cache files of these training rows: NAME-TRAIN-…, TRAIN the start of the rows' SHA-256. */
    private static String prefix(Dataset data, double[][] train) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(Double.BYTES * train[0].length);
        for (double[] row : train) {
            buffer.clear();
            for (double v : row) buffer.putDouble(v);
            sha.update(buffer.array(), 0, buffer.position());
        }
        return data.name() + "-" + java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    @Test
    void theFirstCallComputesAndCachesAndLaterCallsReadTheCache() throws Exception {
        Dataset data = ExperimentParts.build(ExperimentConfig.load(Path.of(TestHome.experiment("quickstart.yaml")),
                List.of("data.n_train=400", "data.n_test=40", "seed=" + System.nanoTime()))).data(); // fresh data: no cache yet
        double[][] train = Arrays2.toMatrix(data.train());
        double[][] heldOut = Arrays2.toMatrix(data.test());
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        double first = HeldOutNearest.median(data, heldOut, train, quiet);
        assertThat(first).isEqualTo(NearestNeighbours.match(heldOut, train).median());
        String prefix = prefix(data, train);
        Path cached;
        try (var files = Files.list(Home.path().resolve(".langevin/features"))) {
            cached = files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
        try {
            Files.writeString(cached, "1.25"); // the cache, not a new search, answers from now on
            assertThat(HeldOutNearest.median(data, heldOut, train, quiet)).isEqualTo(1.25);
            double[][] otherRows = Arrays.copyOf(heldOut, heldOut.length - 1); // other held-out rows: another entry
            assertThat(HeldOutNearest.median(data, otherRows, train, quiet)).isEqualTo(NearestNeighbours.match(otherRows, train).median());
        } finally {
            try (var files = Files.list(cached.getParent())) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
