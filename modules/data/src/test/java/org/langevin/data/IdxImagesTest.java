package org.langevin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.langevin.core.Dataset;
import org.langevin.core.RandomStreams;

/** The IDX reader on hand-made files (plain and gzip, well formed and not), and on Debian's Fashion-MNIST when installed. */
class IdxImagesTest {
    @TempDir
    Path dir;

    /** An IDX file: magic 0x0000 08 rank, the sizes, then the bytes. */
    static byte[] idx(int rank, int[] sizes, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | rank);
        for (int s : sizes) out.writeInt(s);
        out.write(body);
        return bytes.toByteArray();
    }

    private void write(String name, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz")))
                : Files.newOutputStream(dir.resolve(name))) {
            out.write(content);
        }
    }

    /** n images of 2 × 3 whose pixel j of image i is (10 i + j) mod 256, labels i mod 3. */
    private void split(String prefix, int n, boolean gzip) throws IOException {
        byte[] pixels = new byte[n * 6];
        for (int i = 0; i < n; i++) for (int j = 0; j < 6; j++) pixels[i * 6 + j] = (byte) ((10 * i + j) % 256);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte) (i % 3);
        write(prefix + "-images-idx3-ubyte", idx(3, new int[] {n, 2, 3}, pixels), gzip);
        write(prefix + "-labels-idx1-ubyte", idx(1, new int[] {n}, labels), gzip);
    }

    private Dataset load(PixelScale scale, int maxTrain) {
        return new IdxImages("idx", dir, "put the files there", scale, maxTrain, 0).load(new RandomStreams(1));
    }

    @Test
    void readsImagesAndLabelsPlainOrCompressed() throws IOException {
        split("train", 5, true);
        split("t10k", 2, false);
        Dataset data = load(PixelScale.UNIT, 0);
        assertThat(data.train().shape()).containsExactly(5, 6);
        assertThat(data.test().shape()).containsExactly(2, 6);
        assertThat(data.train().getDouble(3, 4)).isEqualTo(34 / 255.0);
        assertThat(data.grid().orElseThrow().height()).isEqualTo(2);
        assertThat(data.grid().orElseThrow().width()).isEqualTo(3);
        assertThat(data.grid().orElseThrow().levels()).isEqualTo(256);
        assertThat(data.labels().orElseThrow().train()).containsExactly(0, 1, 2, 0, 1);
        assertThat(data.labels().orElseThrow().classes()).isEqualTo(3);
        Dataset symmetric = load(PixelScale.SYMMETRIC, 3);
        assertThat(symmetric.train().rows()).isEqualTo(3);
        assertThat(symmetric.train().getDouble(0, 0)).isEqualTo(-1.0);
        assertThat(symmetric.train().getDouble(2, 5)).isEqualTo(2 * 25 / 255.0 - 1);
    }

    @Test
    void malformedFilesAreRefusedWithTheFileNamed() throws IOException {
        split("t10k", 2, false);
        write("train-labels-idx1-ubyte", idx(1, new int[] {4}, new byte[4]), false);
        write("train-images-idx3-ubyte", idx(3, new int[] {4, 2, 3}, new byte[10]), false); // 24 bytes announced
        assertThatThrownBy(() -> load(PixelScale.UNIT, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("train-images-idx3-ubyte").hasMessageContaining("truncated").hasMessageContaining("10 of the 24");
        write("train-images-idx3-ubyte", idx(1, new int[] {4}, new byte[4]), false); // a labels file where images belong
        assertThatThrownBy(() -> load(PixelScale.UNIT, 0)).hasMessageContaining("magic 0x00000801, expected 0x00000803");
        write("train-images-idx3-ubyte", idx(3, new int[] {3, 2, 3}, new byte[18]), false);
        assertThatThrownBy(() -> load(PixelScale.UNIT, 0)).hasMessageContaining("3 train images but 4 labels");
        Files.delete(dir.resolve("train-images-idx3-ubyte"));
        assertThatThrownBy(() -> load(PixelScale.UNIT, 0)).hasMessageContaining("has no train-images-idx3-ubyte.gz")
                .hasMessageContaining("put the files there");
        assertThatThrownBy(() -> new IdxImages("idx", dir.resolve("absent"), "install it", PixelScale.UNIT, 0, 0).load(new RandomStreams(1)))
                .hasMessageContaining("no folder").hasMessageContaining("install it");
    }

    @Test
    void debianFashionMnistHasItsOfficialSplits() {
        assumeThat(Files.isDirectory(IdxImages.FASHION_MNIST)).as("dataset-fashion-mnist installed").isTrue();
        Dataset data = new IdxImages("fashion_mnist", IdxImages.FASHION_MNIST, "", PixelScale.SYMMETRIC, 0, 0).load(new RandomStreams(1));
        assertThat(data.train().shape()).containsExactly(60_000, 784);
        assertThat(data.test().shape()).containsExactly(10_000, 784);
        assertThat(data.labels().orElseThrow().classes()).isEqualTo(10);
        assertThat(data.train().minNumber().doubleValue()).isEqualTo(-1.0);
        assertThat(data.train().maxNumber().doubleValue()).isEqualTo(1.0);
        int[] counts = new int[10]; // the official splits are balanced: 6,000 and 1,000 per class
        for (int label : data.labels().orElseThrow().train()) counts[label]++;
        assertThat(counts).containsOnly(6000);
    }
}
