package org.langevin.sweep;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that starts the Langevin CLI in a new JVM: the same Java, class path, heap limit and home as this one. */
public final class ChildJvm {
    /** The command line's entry point (modules/cli), started by name: the application does not depend on the command line. */
    private static final String MAIN = "org.langevin.cli.Main";

    /** The incubating Vector API module that the U-Net's fused kernels use (without it they fall back to ND4J ops). */
    private static final List<String> VECTOR_MODULE = List.of("--add-modules", "jdk.incubator.vector");

    private ChildJvm() {}

    /**
     * {@code java [-Xmx..] -Djava.awt.headless=true -Dlangevin.home=HOME -cp CLASSPATH org.langevin.cli.Main}; append the
     * arguments. A process without the command line on its class path (a program using the application) starts the checkout's.
     */
    public static List<String> command(Path home) {
        if (ChildJvm.class.getClassLoader().getResource(MAIN.replace('.', '/') + ".class") == null) return ofCheckout(home);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xmx") || arg.startsWith("-Xss")) command.add(arg);
        }
        command.addAll(VECTOR_MODULE);
        command.add("-Djava.awt.headless=true");
        command.add("-Dlangevin.home=" + home);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
        return command;
    }

    /**
     * {@code java -Djava.awt.headless=true -Dlangevin.home=HOME -cp HOME/modules/cli/target/langevin-cli.jar org.langevin.cli.Main}:
     * the CLI of a Langevin checkout, for a process whose own class path is another program's (a Spark executor).
     */
    public static List<String> ofCheckout(Path home) {
        Path jar = home.resolve("modules/cli/target/langevin-cli.jar");
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("no " + jar
                + " on this machine: build the checkout (mvn install) where it is shared");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(VECTOR_MODULE);
        command.addAll(List.of("-Djava.awt.headless=true", "-Dlangevin.home=" + home, "-cp", jar.toString(), MAIN));
        return command;
    }
}
