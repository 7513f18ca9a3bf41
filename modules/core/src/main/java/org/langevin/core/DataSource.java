package org.langevin.core;

/** Produces the train/test split of a data set; the split depends only on the random streams it is given. */
public interface DataSource {
    Dataset load(RandomStreams streams);
}
