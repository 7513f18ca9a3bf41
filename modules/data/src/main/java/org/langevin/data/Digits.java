package org.langevin.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The bundled UCI handwritten digits: 1,797 images of 8×8 integer pixel counts 0–16 (see the resource README). */
public final class Digits {
    public static final int SIDE = 8;
    /** Pixel counts run over 0..16. */
    public static final int LEVELS = 17;
    static final String RESOURCE = "digits.csv.gz";

    private Digits() {}

    /** The images as rows of 64 integer counts (row-major), in the file's order. */
    public static int[][] images() {
        return rows(SIDE * SIDE);
    }

    /** The digit (0–9) of each image, in the file's order. */
    public static int[] labels() {
        return Arrays.stream(rows(SIDE * SIDE + 1)).mapToInt(r -> r[SIDE * SIDE]).toArray();
    }

    /** The first {@code width} fields of every line: the pixels, then the label. */
    private static int[][] rows(int width) {
        List<int[]> rows = new ArrayList<>();
        try (InputStream raw = Digits.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the data module");
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) continue;
                String[] fields = line.split(",");
                int[] pixels = new int[width];
                for (int i = 0; i < pixels.length; i++) pixels[i] = (int) Double.parseDouble(fields[i]);
                rows.add(pixels);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows.toArray(new int[0][]);
    }
}
