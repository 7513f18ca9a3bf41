package org.langevin.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.langevin.core.UserFile;

/** Points as CSV: a header row {@code x0,x1,...} then one point per row. Errors name the file and line. */
public final class CsvPoints {
    private CsvPoints() {}

    public static double[][] read(Path path) {
        return read(path, "x");
    }

    /** Rows under the header {@code prefix}0,{@code prefix}1,... (observations of an inverse problem: y0,y1,...). */
    public static double[][] read(Path path, String prefix) {
        List<String> lines = UserFile.lines(path);
        if (lines.isEmpty()) throw new IllegalArgumentException(path + " is empty; expected a header " + prefix + "0," + prefix + "1,...");
        String[] header = lines.get(0).trim().split(",");
        for (int j = 0; j < header.length; j++) {
            if (!header[j].trim().equals(prefix + j)) {
                throw new IllegalArgumentException(path + " line 1: expected the header " + prefix + "0," + prefix + "1,...," + prefix
                        + (header.length - 1)
                        + ", got '" + lines.get(0) + "'");
            }
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String[] cells = line.split(",");
            if (cells.length != header.length) {
                throw new IllegalArgumentException(path + " line " + (i + 1) + ": " + cells.length + " values, expected " + header.length);
            }
            double[] row = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                try {
                    row[j] = Double.parseDouble(cells[j].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(path + " line " + (i + 1) + ": '" + cells[j].trim() + "' is not a number");
                }
                if (!Double.isFinite(row[j])) throw new IllegalArgumentException(path + " line " + (i + 1) + ": value is not finite");
            }
            rows.add(row);
        }
        if (rows.isEmpty()) throw new IllegalArgumentException(path + " has a header but no points");
        return rows.toArray(new double[0][]);
    }

    public static void write(Path path, double[][] rows) {
        try (BufferedWriter out = Files.newBufferedWriter(path)) {
            int dim = rows.length == 0 ? 0 : rows[0].length;
            StringBuilder header = new StringBuilder();
            for (int j = 0; j < dim; j++) header.append(j == 0 ? "" : ",").append("x").append(j);
            out.write(header.toString());
            out.newLine();
            for (double[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int j = 0; j < row.length; j++) line.append(j == 0 ? "" : ",").append(row[j]);
                out.write(line.toString());
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One column of values with a header. */
    public static void writeColumn(Path path, String header, double[] values) {
        try (BufferedWriter out = Files.newBufferedWriter(path)) {
            out.write(header);
            out.newLine();
            for (double v : values) {
                out.write(Double.toString(v));
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
