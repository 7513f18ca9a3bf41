package org.langevin.experiment;

import java.nio.file.Path;

/** The Langevin checkout this process runs from: the system property langevin.home (the launcher sets it), else the working folder. */
public final class Home {
    private Home() {}

    public static Path path() {
        return Path.of(System.getProperty("langevin.home", ".")).toAbsolutePath().normalize();
    }
}
