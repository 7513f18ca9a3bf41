package org.langevin.core;

import java.nio.file.Path;
import java.util.Optional;

/** Produces the train/test split of a data set; the split depends only on the random streams it is given. */
public interface DataSource {
    Dataset load(RandomStreams streams);

    /** The file or folder the data set is read from; empty for generated data. */
    default Optional<Path> file() {
        return Optional.empty();
    }
}
