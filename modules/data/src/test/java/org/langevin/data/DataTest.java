package org.langevin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.core.Dataset;
import org.langevin.core.RandomStreams;

class DataTest {
    @Test
    void checkerboardPointsLieOnDarkSquares() {
        double[][] x = ToyDistributions.checkerboard(5000, new RandomStreams(1).get("c")).toDoubleMatrix();
        for (double[] p : x) {
            assertThat(p[0]).isBetween(-4.0, 4.0);
            assertThat(p[1]).isBetween(-4.0, 4.0);
            int col = (int) Math.floor((p[0] + 4) / 2);
            int row = (int) Math.floor((p[1] + 4) / 2);
            assertThat((col + row) % 2).isEqualTo(row % 2 == 0 ? 0 : 0);
        }
    }

    @Test
    void ringIsAMixtureOfEightGaussiansOnTheCircle() {
        var ring = ToyDistributions.ring(8, 4, 0.5);
        assertThat(ring.components()).isEqualTo(8);
        assertThat(Math.hypot(ring.mean(3)[0], ring.mean(3)[1])).isCloseTo(4.0, Assertions.within(1e-12));
    }

    @Test
    void trainAndTestComeFromIndependentStreamsOfTheSeed() {
        SyntheticData moons = new SyntheticData("moons", (n, r) -> ToyDistributions.twoMoons(n, 0.1, r), Optional.empty(), 100, 50);
        Dataset a = moons.load(new RandomStreams(3));
        Dataset b = moons.load(new RandomStreams(3));
        assertThat(a.train()).isEqualTo(b.train());
        assertThat(a.test().rows()).isEqualTo(50);
        assertThat(a.train().getRow(0)).isNotEqualTo(a.test().getRow(0));
    }

    @Test
    void csvRoundTripsAndSplitsByFraction(@TempDir Path dir) {
        double[][] rows = new double[20][3];
        for (int i = 0; i < 20; i++) rows[i] = new double[] {i, -i, 0.5 * i};
        Path file = dir.resolve("p.csv");
        CsvPoints.write(file, rows);
        assertThat(CsvPoints.read(file)).isDeepEqualTo(rows);
        Dataset d = new CsvData(file, 0.25).load(new RandomStreams(1));
        assertThat(d.test().rows()).isEqualTo(5);
        assertThat(d.train().rows()).isEqualTo(15);
        assertThat(d.dim()).isEqualTo(3);
    }

    @Test
    void badCsvFilesAreNamedWithTheirLine(@TempDir Path dir) throws Exception {
        Path header = dir.resolve("h.csv");
        Files.writeString(header, "a,b\n1,2\n");
        assertThatThrownBy(() -> CsvPoints.read(header)).hasMessageContaining("line 1").hasMessageContaining("x0,x1");
        Path ragged = dir.resolve("r.csv");
        Files.writeString(ragged, "x0,x1\n1,2\n3\n");
        assertThatThrownBy(() -> CsvPoints.read(ragged)).hasMessageContaining("line 3").hasMessageContaining("expected 2");
        Path text = dir.resolve("t.csv");
        Files.writeString(text, "x0,x1\n1,abc\n");
        assertThatThrownBy(() -> CsvPoints.read(text)).hasMessageContaining("'abc' is not a number");
        assertThatThrownBy(() -> CsvPoints.read(dir.resolve("missing.csv"))).hasMessageContaining("missing.csv' does not exist");
        Path binary = Files.write(dir.resolve("b.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x2c, (byte) 0xc3, 0x28});
        assertThatThrownBy(() -> CsvPoints.read(binary)).hasMessageContaining("is not UTF-8 text");
        Path bom = dir.resolve("bom.csv");
        Files.writeString(bom, "\uFEFFy0,y1\n0.5,0.25\n");
        assertThat(CsvPoints.read(bom, "y")).isDeepEqualTo(new double[][] {{0.5, 0.25}}); // a byte-order mark is not content
    }
}
