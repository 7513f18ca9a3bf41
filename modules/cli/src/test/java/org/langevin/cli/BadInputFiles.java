package org.langevin.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The experiment files, CSVs and IDX folders the bad-input cases point at, written into a test's folder. */
record BadInputFiles(Path quick, Path digits, Path typo, Path malformed, Path duplicate, Path scalar, Path section, Path gmm, Path notPd,
        Path badCsv, Path ragged, Path wide, Path bom, Path binary, Path ring, Path twoValues, Path twoRows, Path point, Path badIdx,
        Path emptyIdx, String out) {

    static BadInputFiles in(Path dir) throws Exception {
        Path quick = Path.of(Cli.experiment("quickstart.yaml"));
        Path digits = Path.of(Cli.experiment("digits-vp.yaml"));
        Path typo = write(dir, "typo.yaml", "sde:\n  type: vp\n  beta_mni: 0.1\n");
        Path malformed = write(dir, "malformed.yaml", "data:\n  type: ring\n   n_train: [1, 2\n");
        Path duplicate = write(dir, "duplicate.yaml", "seed: 1\nseed: 2\n");
        Path scalar = write(dir, "scalar.yaml", "just text\n");
        Path section = write(dir, "section.yaml", "data: 5\n");
        Path gmm = write(dir, "gmm.yaml", "data:\n  type: gmm\n  means: [[0, 0], [1, 1]]\n  covariances: [[[1, 0], [0, 1]]]\n");
        Path notPd = write(dir, "notpd.yaml", "data:\n  type: gmm\n  means: [[0, 0]]\n  covariances: [[[1, 2], [2, 1]]]\n");
        Path badCsv = write(dir, "bad.csv", "x0,x1\n1,abc\n");
        Path ragged = write(dir, "ragged.csv", "x0,x1\n1,2\n3\n");
        Path wide = write(dir, "wide.csv", wideCsv(20_000, 12));
        Path bom = write(dir, "bom.yaml", "\uFEFFtrain:\n  stepz: 5\n");
        Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28});
        Path ring = Path.of(Cli.experiment("oracle_ring.yaml"));
        Path twoValues = write(dir, "y2.csv", "y0,y1\n0.5,0.1\n");
        Path twoRows = write(dir, "rows2.csv", "y0\n0.5\n0.1\n");
        Path point = write(dir, "x2.csv", "x0,x1\n0.5,0.1\n");
        Path badIdx = Files.createDirectories(dir.resolve("bad-idx"));
        Files.write(badIdx.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 5}); // a labels header
        Files.write(badIdx.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        Path emptyIdx = Files.createDirectories(dir.resolve("empty-idx")); // four valid IDX files of 0 images
        for (String split : List.of("train", "t10k")) {
            Files.write(emptyIdx.resolve(split + "-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28});
            Files.write(emptyIdx.resolve(split + "-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        }
        String out = dir.resolve("posterior.csv").toString();
        return new BadInputFiles(quick, digits, typo, malformed, duplicate, scalar, section, gmm, notPd, badCsv, ragged, wide, bom, binary,
                ring, twoValues, twoRows, point, badIdx, emptyIdx, out);
    }

    /** A CSV of {@code columns} columns and {@code rows} rows of small numbers. */
    private static String wideCsv(int columns, int rows) {
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < columns; j++) csv.append(j == 0 ? "" : ",").append('x').append(j);
        csv.append('\n');
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) csv.append(j == 0 ? "" : ",").append((i * 31 + j * 17) % 7 - 3);
            csv.append('\n');
        }
        return csv.toString();
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
