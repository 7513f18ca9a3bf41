package org.langevin.experiment.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.langevin.core.ConfigException;
import org.langevin.core.Settings;

/**
 * The resolved configuration as {@link Settings}, what the families read: every getter checks kind and range and names
 * the key on error. Once the assembly has built a run's parts it {@linkplain #seal seals} them: a key read for the first
 * time after that was never checked before the run existed, which is a defect of the assembly, and fails loudly.
 */
public final class ResolvedSettings implements Settings {
    private final Map<String, Object> values;
    private final Set<String> read = ConcurrentHashMap.newKeySet();
    private volatile boolean sealed;

    public ResolvedSettings(Map<String, Object> values) {
        this.values = values;
    }

    /** From now on only the keys read so far may be read: every key a later stage needs is checked before any run. */
    public void seal() { // by the assembly, once every part has read its keys
        sealed = true;
    }

    private void note(String key) {
        if (read.add(key) && sealed) {
            read.remove(key);
            throw new IllegalStateException("the key " + key + " is read after the run's parts were built, so a bad value of it would fail "
                    + "a run that already exists: read and check it in ExperimentParts.build");
        }
    }

    private Object value(String key) {
        note(key);
        if (!values.containsKey(key)) throw new IllegalStateException("no default for key " + key + " in defaults.yaml");
        Object v = values.get(key);
        if (v == null) throw new ConfigException(key, "is required here but not set");
        return v;
    }

    @Override
    public boolean has(String key) {
        note(key);
        return values.get(key) != null;
    }

    @Override
    public boolean isAuto(String key) {
        note(key);
        return "auto".equals(values.get(key));
    }

    @Override
    public String string(String key) {
        Object v = value(key);
        if (v instanceof List || v instanceof Map) throw new ConfigException(key, "must be a single value, got a list");
        return String.valueOf(v);
    }

    @Override
    public String choice(String key, Collection<String> valid) {
        String v = string(key);
        if (!valid.contains(v)) throw new ConfigException(key, "'" + v + "' is unknown; choose one of " + new TreeSet<>(valid));
        return v;
    }

    @Override
    public double number(String key) {
        Object v = value(key);
        if (v instanceof Number n) return n.doubleValue();
        throw new ConfigException(key, "must be a number, got '" + v + "'");
    }

    @Override
    public double number(String key, double min, double max) {
        double v = number(key);
        String range = max == Double.POSITIVE_INFINITY || max == Double.MAX_VALUE ? "a finite number ≥ " + min : "a number in [" + min
                + ", " + max + "]";
        if (!Double.isFinite(v) || !(v >= min && v <= max)) throw new ConfigException(key, "must be " + range + ", got " + v);
        return v;
    }

    @Override
    public double positive(String key) {
        double v = number(key);
        if (!(v > 0) || !Double.isFinite(v)) throw new ConfigException(key, "must be a positive number, got " + v);
        return v;
    }

    @Override
    public int integer(String key, int min) {
        long v = longValue(key);
        if (v < min) throw new ConfigException(key, "must be an integer of at least " + min + ", got " + v);
        if (v > Integer.MAX_VALUE) throw new ConfigException(key, "must be at most " + Integer.MAX_VALUE + ", got " + v);
        return (int) v;
    }

    @Override
    public long longValue(String key) {
        Object v = value(key);
        if (v instanceof Integer || v instanceof Long) return ((Number) v).longValue();
        if (v instanceof BigInteger big) throw new ConfigException(key, "is too large, got " + big);
        throw new ConfigException(key, "must be an integer, got '" + v + "'");
    }

    @Override
    public boolean flag(String key) {
        Object v = value(key);
        if (v instanceof Boolean b) return b;
        throw new ConfigException(key, "must be true or false, got '" + v + "'");
    }

    @Override
    public double[] vector(String key) {
        return toVector(key, value(key));
    }

    @Override
    public double[][] matrix(String key) {
        return toMatrix(key, value(key));
    }

    @Override
    public List<double[][]> matrices(String key) {
        Object v = value(key);
        if (!(v instanceof List<?> list)) throw new ConfigException(key, "must be a list of matrices");
        List<double[][]> out = new ArrayList<>();
        for (Object m : list) out.add(toMatrix(key, m));
        return out;
    }

    private static double[][] toMatrix(String key, Object v) {
        if (!(v instanceof List<?> rows)) throw new ConfigException(key, "must be a list of lists of numbers, got '" + v + "'");
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) out[i] = toVector(key, rows.get(i));
        return out;
    }

    private static double[] toVector(String key, Object v) {
        if (!(v instanceof List<?> items)) throw new ConfigException(key, "must be a list of numbers, got '" + v + "'");
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(items.get(i) instanceof Number n)) throw new ConfigException(key, "must hold numbers only, got '" + items.get(i) + "'");
            out[i] = n.doubleValue();
            if (!Double.isFinite(out[i])) throw new ConfigException(key, "must hold finite numbers, got " + out[i]);
        }
        return out;
    }
}
