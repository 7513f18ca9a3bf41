package org.langevin.training;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything needed to continue training exactly: step, weights, Adam state, EMA weights, random stream states, with
 * train.ema power the power-function EMA profiles (one row each; null without them), and the state of the workers'
 * exchange (train.outer nesterov: the outer momentum; null without one). Version 1 and 2 files still load.
 */
public record Checkpoint(int step, INDArray parameters, INDArray optimizerState, INDArray ema, Map<String, long[]> randomStates,
                         INDArray profiles, INDArray exchange) {
    private static final int MAGIC = 0x4C474350; // "LGCP"
    private static final int VERSION = 3;

    public Checkpoint(int step, INDArray parameters, INDArray optimizerState, INDArray ema, Map<String, long[]> randomStates) {
        this(step, parameters, optimizerState, ema, randomStates, null, null);
    }

    public Checkpoint(int step, INDArray parameters, INDArray optimizerState, INDArray ema, Map<String, long[]> randomStates, INDArray profiles) {
        this(step, parameters, optimizerState, ema, randomStates, profiles, null);
    }

    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); DataOutputStream out = new DataOutputStream(os)) {
            write(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The checkpoint's bytes as {@link #save} writes them, onto a stream (a file, or a socket to another worker). */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(step);
        out.writeInt(randomStates.size());
        for (Map.Entry<String, long[]> e : randomStates.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue()[0]);
            out.writeLong(e.getValue()[1]);
        }
        Nd4j.write(parameters, out);
        Nd4j.write(optimizerState, out);
        Nd4j.write(ema, out);
        out.writeBoolean(profiles != null);
        if (profiles != null) Nd4j.write(profiles, out);
        out.writeBoolean(exchange != null);
        if (exchange != null) Nd4j.write(exchange, out);
    }

    public static Checkpoint load(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(is)) {
            return read(in, file.toString());
        }
    }

    /** A checkpoint {@link #write} put on a stream; {@code source} names it in errors. */
    public static Checkpoint read(DataInputStream in, String source) throws IOException {
        if (in.readInt() != MAGIC) throw new IOException(source + " is not a Langevin checkpoint");
        int version = in.readInt();
        if (version < 1 || version > VERSION) throw new IOException(source + " has checkpoint version " + version + ", expected 1 to " + VERSION);
        int step = in.readInt();
        int streams = in.readInt();
        Map<String, long[]> states = new TreeMap<>();
        for (int i = 0; i < streams; i++) states.put(in.readUTF(), new long[] {in.readLong(), in.readLong()});
        INDArray parameters = Nd4j.read(in);
        INDArray optimizer = Nd4j.read(in);
        INDArray ema = Nd4j.read(in);
        INDArray profiles = version >= 2 && in.readBoolean() ? Nd4j.read(in) : null;
        INDArray exchange = version >= 3 && in.readBoolean() ? Nd4j.read(in) : null;
        return new Checkpoint(step, parameters, optimizer, ema, states, profiles, exchange);
    }
}
