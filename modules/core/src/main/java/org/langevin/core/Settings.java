package org.langevin.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Typed, validated access to the resolved experiment configuration by dotted key ({@code sde.beta_min}).
 * Every getter throws {@link ConfigException} naming the key and what is allowed.
 */
public interface Settings {
    boolean has(String key);

    /** True when the key holds {@code auto}: the component picks its own value. */
    boolean isAuto(String key);

    String string(String key);

    /** A name that must be one of {@code valid}. */
    String choice(String key, Collection<String> valid);

    /** An enum constant named by the key in lower case ({@code likelihood} → {@code LIKELIHOOD}). */
    default <E extends Enum<E>> E option(String key, Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        return Enum.valueOf(type, choice(key, names).toUpperCase(Locale.ROOT));
    }

    double number(String key);

    /** A number in [min, max] (either bound may be infinite). */
    double number(String key, double min, double max);

    /** A number strictly greater than zero. */
    double positive(String key);

    /** An integer at least {@code min}. */
    int integer(String key, int min);

    long longValue(String key);

    boolean flag(String key);

    /** A list of numbers. */
    double[] vector(String key);

    /** A list of lists of numbers. */
    double[][] matrix(String key);

    /** A list of matrices. */
    List<double[][]> matrices(String key);
}
