package org.langevin.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.langevin.core.Dataset;
import org.langevin.metrics.NearestNeighbours;

/**
 * The median distance from held-out rows to their nearest training rows: the reference of the memorisation check, a
 * property of the data alone. It is computed once per training rows and held-out rows and kept in
 * .langevin/features/NAME-TRAIN-HELDOUT-nn.txt (the first 16 hex digits of each one's SHA-256), as the feature classifier is.
 */
final class HeldOutNearest {
    private HeldOutNearest() {}

    static double median(Dataset data, double[][] heldOut, double[][] train, PrintStream err) throws IOException {
        String key = data.name() + "-" + digest(train).substring(0, 16) + "-" + digest(heldOut).substring(0, 16); // the rows searched, both sides
        Path file = Home.path().resolve(".langevin/features/" + key + "-nn.txt");
        if (Files.isRegularFile(file)) return Double.parseDouble(Files.readString(file).strip());
        err.println("nearest training rows of " + heldOut.length + " held-out rows of " + data.name() + " (once per data set; cached as " + file + ") ...");
        double median = NearestNeighbours.match(heldOut, train).median();
        Files.createDirectories(file.getParent());
        Path part = Files.createTempFile(file.getParent(), key, ".part"); // runs in parallel each write their own
        Files.writeString(part, Double.toString(median)); // the shortest text that reads back as the same double
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return median;
    }

    private static String digest(double[][] rows) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(Double.BYTES * (rows.length == 0 ? 0 : rows[0].length));
            for (double[] row : rows) {
                buffer.clear();
                for (double v : row) buffer.putDouble(v);
                sha.update(buffer.array(), 0, buffer.position());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
