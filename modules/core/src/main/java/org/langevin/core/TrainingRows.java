package org.langevin.core;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Where training minibatches come from: rows of the training split drawn with replacement, or rows built on demand
 * (moving_idx clips, never all held in memory). Each draw carries the drawn rows' classes (null without labels), and
 * the source has a digest of the data it draws from (SHA-256, hex), the key of everything cached per data set.
 */
public interface TrainingRows {
    /** n rows (and their classes) from the stream. */
    Drawn draw(int n, RandomStream stream);

    /** SHA-256 of the training data, in hex. */
    String digest();

    /** Drawn rows, their classes (null: none) and which rows are stills ({@link StillClips}; null: none). */
    record Drawn(INDArray rows, int[] labels, boolean[] stills) {
        public Drawn(INDArray rows, int[] labels) {
            this(rows, labels, null);
        }
    }

    /** Rows of the training split: n uniform row indices from the stream, then those rows and their labels (null: none). */
    static TrainingRows of(INDArray rows, int[] labels) {
        return new TrainingRows() {
            public Drawn draw(int n, RandomStream stream) {
                int[] index = stream.integers(n, (int) rows.rows());
                int[] drawn = null;
                if (labels != null) {
                    drawn = new int[n];
                    for (int i = 0; i < n; i++) drawn[i] = labels[index[i]];
                }
                return new Drawn(Arrays2.rows(rows, index), drawn);
            }

            public String digest() {
                MessageDigest sha = sha256();
                long n = rows.rows();
                for (long from = 0; from < n; from += 1024) { // a block of rows at a time: bounded heap
                    double[] block = rows.get(NDArrayIndex.interval(from, Math.min(n, from + 1024)), NDArrayIndex.all()).dup().data().asDouble();
                    ByteBuffer bytes = ByteBuffer.allocate(8 * block.length);
                    bytes.asDoubleBuffer().put(block);
                    sha.update(bytes.array());
                }
                if (labels != null) {
                    ByteBuffer bytes = ByteBuffer.allocate(4 * labels.length);
                    bytes.asIntBuffer().put(labels);
                    sha.update(bytes.array());
                }
                return HexFormat.of().formatHex(sha.digest());
            }
        };
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
