package org.langevin.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Samples (one per row) and the number of score evaluations (NFE) spent on them. */
public record SampleResult(INDArray samples, long nfe) {}
