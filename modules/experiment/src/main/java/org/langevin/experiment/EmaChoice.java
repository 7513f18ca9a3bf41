package org.langevin.experiment;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.langevin.core.Loss;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainableScore;
import org.langevin.training.Checkpoint;
import org.langevin.training.PowerEma;
import org.langevin.tracking.TrackedRun;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The weights a run evaluates. With train.ema power, the raw weights, the exponential EMA and every power-function
 * profile are scored by the run's own loss on held-out rows (the same noise for each: common random numbers), logged as
 * ema/heldout_loss/NAME, and the lowest is taken (tag ema_choice); otherwise the exponential EMA, as always.
 */
final class EmaChoice {
    /** Held-out rows scored: at most this many, and at most {@link #BATCHES} training batches (a U-Net's candidate costs 8 steps). */
    private static final int ROWS = 2048;
    private static final int BATCHES = 8;
    private static final long NOISE_SEED = 0x454D41L; // "EMA": the noise of every candidate's score

    private EmaChoice() {}

    static INDArray weights(ExperimentParts parts, TrainableScore net, Checkpoint done, TrackedRun run, Map<String, Double> metrics, PrintStream err) {
        if (done.profiles() == null) return done.ema();
        Map<String, INDArray> candidates = new LinkedHashMap<>();
        candidates.put("raw", done.parameters());
        candidates.put("exponential", done.ema());
        double[] widths = parts.settings().vector("train.ema_std");
        for (int k = 0; k < widths.length; k++) {
            candidates.put(String.format(Locale.ROOT, "power_%s", widths[k]), PowerEma.profile(done.profiles(), k, done.parameters()));
        }
        INDArray test = parts.data().test();
        int batch = parts.training().orElseThrow().batchSize();
        long rows = Math.min(test.rows(), Math.min(ROWS, (long) BATCHES * batch));
        INDArray heldOut = test.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()).castTo(net.dataType());
        String best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        INDArray own = net.parameters().dup(); // the network's own weights, put back once every candidate is scored
        try {
            for (Map.Entry<String, INDArray> c : candidates.entrySet()) {
                net.parameters().assign(c.getValue());
                double loss = heldOutLoss(parts.loss().orElseThrow(), net, heldOut, batch);
                metrics.put("ema/heldout_loss/" + c.getKey(), loss);
                if (loss < bestLoss) {
                    bestLoss = loss;
                    best = c.getKey();
                }
            }
        } finally {
            net.parameters().assign(own);
        }
        err.println("EMA: " + best + " has the lowest held-out loss (" + String.format(Locale.ROOT, "%.6g", bestLoss) + ") of " + candidates.keySet());
        run.setTags(Map.of("ema_choice", best));
        return candidates.get(best);
    }

    /** The mean loss over held-out batches, each scored with the same noise whatever the weights. */
    private static double heldOutLoss(Loss loss, TrainableScore model, INDArray rows, int batch) {
        RandomStreams noise = new RandomStreams(NOISE_SEED);
        double sum = 0;
        int count = 0;
        for (long from = 0; from < rows.rows(); from += batch) {
            INDArray x0 = rows.get(NDArrayIndex.interval(from, Math.min(rows.rows(), from + batch)), NDArrayIndex.all());
            sum += loss.evaluate(model, x0, noise).loss();
            count++;
        }
        return sum / count;
    }
}
