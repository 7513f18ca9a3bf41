package org.langevin.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.langevin.core.ConfigException;

/** The executor {@code --executor NAME} selects: {@code local}, or one found on the class path (modules/spark provides {@code spark}). */
public final class SweepExecutors {
    private SweepExecutors() {}

    public static SweepExecutor named(String name, String master, Path home) {
        if (name.equals("local")) {
            if (master != null) throw new ConfigException("--master", "only the spark executor takes a master; drop it or add --executor spark");
            return new LocalExecutor(home);
        }
        List<String> names = new ArrayList<>(List.of("local"));
        for (SweepExecutor e : ServiceLoader.load(SweepExecutor.class)) {
            if (e.name().equals(name)) return e;
            names.add(e.name());
        }
        if (name.equals("spark")) {
            throw new ConfigException("--executor", "spark needs the langevin-spark module on the class path: run through ./langevin, "
                    + "which adds modules/spark/target/langevin-spark.jar for --executor spark, after mvn install");
        }
        throw new ConfigException("--executor", "'" + name + "' is unknown; choose one of " + names);
    }
}
