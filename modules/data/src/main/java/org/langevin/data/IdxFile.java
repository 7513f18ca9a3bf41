package org.langevin.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST and its kin (LeCun et al. 1998): a big-endian magic number 0x00 0x00 type rank, one 32-bit
 * size per dimension, then the values; here unsigned bytes (type 0x08), rank 3 for images (count × rows × columns)
 * and rank 1 for labels. Gzip-compressed files are read as they are shipped. Malformed files are refused with a
 * message naming the file: wrong magic, truncated data, or a count that does not match.
 */
final class IdxFile {
    private IdxFile() {}

    /** {@code count} images of {@code rows} × {@code columns} unsigned bytes, row-major, one after another. */
    record Images(int count, int rows, int columns, byte[] pixels) {
        int pixelsPerImage() {
            return rows * columns;
        }
    }

    static Images images(Path file) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, 3);
            long size = (long) dims[0] * dims[1] * dims[2];
            if (size > Integer.MAX_VALUE) throw new IllegalArgumentException(file + ": " + size + " pixels is too many to hold");
            return new Images(dims[0], dims[1], dims[2], body(in, file, (int) size));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage());
        }
    }

    static int[] labels(Path file) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, 1);
            byte[] bytes = body(in, file, dims[0]);
            int[] labels = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) labels[i] = Byte.toUnsignedInt(bytes[i]);
            return labels;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage());
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16));
    }

    /** The sizes after a magic number of unsigned bytes with the expected rank. */
    private static int[] header(DataInputStream in, Path file, int rank) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is empty or truncated: no IDX header");
        }
        int expected = 0x0800 | rank;
        if (magic != expected) {
            throw new IllegalArgumentException(String.format("%s is not an IDX file of rank %d unsigned bytes: magic 0x%08X, expected "
                    + "0x%08X", file, rank,
                    magic, expected));
        }
        int[] dims = new int[rank];
        for (int d = 0; d < rank; d++) {
            try {
                dims[d] = in.readInt();
            } catch (EOFException e) {
                throw new IllegalArgumentException(file + " is truncated: its header ends after " + d + " of " + rank + " sizes");
            }
            if (dims[d] < 0 || (d > 0 && dims[d] == 0)) throw new IllegalArgumentException(file + ": size " + d + " is " + dims[d]);
        }
        return dims;
    }

    private static byte[] body(DataInputStream in, Path file, int size) throws IOException {
        byte[] bytes = new byte[size];
        int read = in.readNBytes(bytes, 0, size);
        if (read < size) throw new IllegalArgumentException(file + " is truncated: " + read + " of the " + size + " bytes its header announces");
        return bytes;
    }
}
