package org.langevin.experiment;

import java.nio.file.Path;

/** The checkout the tests run in, and its experiment files. */
public final class TestHome {
    private TestHome() {}

    public static Path path() {
        return Home.path();
    }

    public static String experiment(String name) {
        return path().resolve("experiments").resolve(name).toString();
    }
}
