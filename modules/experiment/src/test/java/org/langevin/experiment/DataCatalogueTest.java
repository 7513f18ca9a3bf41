package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.core.Arrays2;
import org.langevin.core.Dataset;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Descriptor;
import org.langevin.core.RandomStreams;
import org.langevin.data.DataModule;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;

/**
 * Every registered data set loads from its defaults (plus the keys some need: a CSV file, mixture components): finite
 * train and test points of one dimension, a pixel grid that lays out every coordinate, and where the law is known its
 * samples and its mixture have that dimension; it has a grid, labels and a closed-form law exactly when its descriptor
 * says it gives them, and reads the file it was given. Read from the registry: no data set is named here.
 */
public class DataCatalogueTest {
    @TempDir
    static Path dir;

    static Stream<String> dataSets() {
        return Catalogue.data().all().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataSets")
    void loadsFiniteSplitsOfOneDimensionFromItsDefaults(String name) throws Exception {
        Path csv = Files.writeString(dir.resolve("points.csv"), "x0,x1\n" + "0.5,1.5\n".repeat(40));
        Path path = List.of("idx", "fashion_mnist", "moving_idx").contains(name) ? idxFolder() : csv;
        ExperimentParts parts = ExperimentParts.build(ExperimentConfig.load(null, List.of("data.type=" + name, "data.path=" + path,
                "data.means=[[0.0, 0.0], [2.0, 2.0]]", "data.covariances=[[[1.0, 0.0], [0.0, 1.0]], [[0.5, 0.0], [0.0, 0.5]]]",
                "data.n_train=300", "data.n_test=100", "likelihood.prior=sde", "score.type=mlp")));
        Dataset data = parts.data();
        Descriptor declared = Catalogue.data().descriptor(name);
        assertThat(data.grid().isPresent()).as("a pixel grid").isEqualTo(declared.offers(Need.PIXEL_GRID));
        assertThat(data.labels().isPresent()).as("labels").isEqualTo(declared.offers(Need.LABELS));
        assertThat(data.truth().isPresent()).as("a closed-form law").isEqualTo(declared.offers(Need.MIXTURE_LAW));
        DataModule.file(parts.settings()).ifPresent(file -> assertThat(file).isEqualTo(path));
        assertThat(data.train().rows()).isPositive();
        assertThat(data.test().rows()).isPositive();
        assertThat(data.test().columns()).isEqualTo(data.train().columns());
        assertThat(Arrays2.allFinite(data.train())).isTrue();
        assertThat(Arrays2.allFinite(data.test())).isTrue();
        data.grid().ifPresent(g -> assertThat(g.size()).isEqualTo(data.dim()));
        data.truth().ifPresent(t -> assertThat(t.dim()).isEqualTo(data.dim()));
        data.law().ifPresent(law -> assertThat(law.sample(7, new RandomStreams(3).get("law")).columns()).isEqualTo(data.dim()));
    }

    /** The four IDX files of three 4 × 4 images per split (the image sets read a folder, not a file). */
    private static Path idxFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("idx"));
        for (String split : List.of("train", "t10k")) {
            ByteBuffer images = ByteBuffer.allocate(16 + 3 * 16).putInt(0x0803).putInt(3).putInt(4).putInt(4);
            for (int i = 0; i < 48; i++) images.put((byte) (i * 5));
            Files.write(folder.resolve(split + "-images-idx3-ubyte"), images.array());
            Files.write(folder.resolve(split + "-labels-idx1-ubyte"), ByteBuffer.allocate(11).putInt(0x0801).putInt(3).put(new byte[] {0, 1,
                    2}).array());
        }
        return folder;
    }
}
