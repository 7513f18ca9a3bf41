package org.langevin.experiment.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.langevin.core.Arrays2;
import org.langevin.core.Dataset;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.Home;
import org.langevin.experiment.TestHome;
import org.langevin.metrics.NearestNeighbours;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The held-out rows' nearest-training-row distance is computed once per data and read back from its cache file after that. */
class HeldOutNearestTest {
    private static List<Path> list(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return new ArrayList<>(files.toList());
        }
    }

    @Test
    void theFirstCallComputesAndCachesAndLaterCallsReadTheCache() throws Exception {
        Dataset data = ExperimentParts.build(ExperimentConfig.load(Path.of(TestHome.experiment("quickstart.yaml")),
                List.of("data.n_train=400", "data.n_test=40", "seed=" + System.nanoTime()))).data(); // fresh data: no cache yet
        double[][] train = Arrays2.toMatrix(data.train());
        double[][] heldOut = Arrays2.toMatrix(data.test());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Path folder = Files.createDirectories(Home.path().resolve(".langevin/features"));
        List<Path> before = list(folder);
        double first = HeldOutNearest.median(data, data.test(), heldOut, train, quiet);
        assertThat(first).isEqualTo(NearestNeighbours.match(heldOut, train).median());
        List<Path> written = list(folder);
        written.removeAll(before);
        assertThat(written).as("one cache file, nothing half-written").hasSize(1);
        Path cached = written.get(0);
        try {
            Files.writeString(cached, "1.25"); // the cache, not a new search, answers from now on
            assertThat(HeldOutNearest.median(data, data.test(), heldOut, train, quiet)).isEqualTo(1.25);
            var fewer = data.test().get(NDArrayIndex.interval(0, heldOut.length - 1), NDArrayIndex.all());
            double[][] otherRows = Arrays.copyOf(heldOut, heldOut.length - 1); // other held-out rows: another entry
            assertThat(HeldOutNearest.median(data, fewer, otherRows, train, quiet)).isEqualTo(NearestNeighbours.match(otherRows, train).median());
        } finally {
            List<Path> ours = list(folder);
            ours.removeAll(before);
            for (Path f : ours) Files.delete(f);
        }
    }
}
